import {
  type AlertingRule,
  promql,
  type RecordingRule,
  type RuleGroup,
  runbook,
} from "./alerting-rule.js";
import { recorded as r, selectors as s } from "./selectors.js";
import type { Thresholds } from "./thresholds.js";

/** GPU utilization of each (job, task, gpu) a run uses: the GPU's utilization, on its assignments. */
const utilizationOfAssignedGpus = promql`
  max by (gpu, uuid) (gpu_utilization_ratio)
  * on (gpu, uuid) group_right ()
  (${r.gpuAssignment} > bool 0)`;

/**
 * A GPU process's `metric` joined to the run whose `training_info` shares `key` with it
 * (`container_id` or `pod_uid`): only where that container or pod runs one (job, task), so that
 * a container of several trainers makes no many-to-many match (which would fail the whole rule),
 * and only where the key is known.
 */
const joinedOn = (key: string, metric: string) => promql`
      max by (${key}, gpu, uuid) (${metric}{${key}!=""})
      * on (${key}) group_left (job, task)
      (
        max by (${key}, job, task) (training_info{${key}!=""})
        and on (${key})
        (count by (${key}) (max by (${key}, job, task) (training_info{${key}!=""})) == 1)
      )`;

/**
 * A per-process GPU metric with the job and task of the run each process belongs to: on pid and
 * container, else on the container alone, else on the pod (see `gpuRecordingRules`).
 */
const processesOfRuns = (metric: string) => promql`
    max by (pid, container_id, gpu, uuid) (${metric})
    * on (pid, container_id) group_left (job, task)
    max by (pid, container_id, job, task) (training_info)
  or ${joinedOn("container_id", metric)}
  or ${joinedOn("pod_uid", metric)}`;

/** The SM utilization of the GPU processes of each run, summed `by`. */
const processUtilizationOfRuns = (by: string) =>
  `sum by (${by}) (\n${processesOfRuns("gpu_process_utilization_ratio")}\n)`;

/**
 * Recording rules joining GPUs to training jobs. The collector's `gpu_process_memory_used_bytes`
 * names each GPU process by its host pid, container and pod; a trainer's `training_info` by its
 * own pid, container and pod. They join on pid and container where both see one pid namespace
 * (natively: pids are per machine), else on the container (a trainer in a container of its own:
 * the collector with the host's pids, `pid: host`), else on the pod (Kubernetes: the downward
 * API's uid). Where no join is possible, GPU utilization is averaged per collector instance.
 */
export function gpuRecordingRules(t: Thresholds): RuleGroup {
  const w = t.energyWindow;
  const accuracyPointsPerSecond = `(sum by (job) (deriv(${s.validationAccuracy}[${w}])) * 100 > 0)`;
  const rules: RecordingRule[] = [
    {
      record: r.gpuAssignment,
      expr: promql`
        group by (job, task, gpu, uuid) (
          ${processesOfRuns("gpu_process_memory_used_bytes")}
        )`,
    },
    {
      // Each run's own processes' SM utilization where the collector reports it per process
      // (two jobs on one GPU then each show their share), else the whole GPU's.
      record: r.runGpuUtilization,
      expr: promql`
        ${processUtilizationOfRuns("job, task, gpu, uuid")}
        or (${utilizationOfAssignedGpus})`,
    },
    {
      record: r.jobGpuUtilization,
      expr: promql`
        avg by (job) (
          ${processUtilizationOfRuns("job, gpu, uuid")}
          or max by (job, gpu, uuid) (${utilizationOfAssignedGpus})
        )`,
    },
    { record: r.instanceGpuUtilization, expr: "avg by (instance) (gpu_utilization_ratio)" },
    {
      record: r.jobGpuPower,
      expr: promql`
        sum by (job) (
          max by (gpu, uuid) (rate(gpu_energy_joules_total[${w}]))
          * on (gpu, uuid) group_right ()
          (${r.gpuAssignment} > bool 0)
        )`,
    },
    {
      record: r.jobEnergyPerEpoch,
      expr: `${r.jobGpuPower} / (sum by (job) (rate(training_epoch[${w}])) > 0)`,
    },
    { record: r.jobJoulesPerAccuracyPoint, expr: `${r.jobGpuPower} / ${accuracyPointsPerSecond}` },
    {
      record: r.jobGpuSecondsPerAccuracyPoint,
      expr: `count by (job) (${r.gpuAssignment}) / ${accuracyPointsPerSecond}`,
    },
  ];
  return { name: "trainwatch.gpu.recording", rules };
}

/** Alerts on GPUs: the seed's thermal throttling, power brake, heat, memory, idle GPUs, a dead collector. */
export function gpuAlerts(t: Thresholds): RuleGroup {
  const rules: AlertingRule[] = [
    {
      alert: "GpuThermalThrottling",
      expr: `max by (instance, gpu, uuid, source) (${s.thermalSlowdown}) == 1`,
      for: t.gpuThermal.for,
      labels: { severity: "warning" },
      annotations: {
        summary: "GPU {{ $labels.gpu }} on {{ $labels.instance }} is thermally throttled",
        description:
          "A thermal slowdown holds the GPU's clocks down: training on it runs slower until it cools. Check cooling and the room's temperature.",
        runbook_url: runbook(t, "GpuThermalThrottling"),
      },
    },
    {
      alert: "GpuPowerBrake",
      expr: `max by (instance, gpu, uuid, source) (${s.powerBrake}) == 1`,
      for: t.gpuPowerBrake.for,
      labels: { severity: "warning" },
      annotations: {
        summary: "GPU {{ $labels.gpu }} on {{ $labels.instance }} is held by the power brake",
        description:
          "The hardware power brake (an external power-supply signal) slows the GPU down.",
        runbook_url: runbook(t, "GpuPowerBrake"),
      },
    },
    {
      alert: "GpuTemperatureHigh",
      expr: `gpu_temperature_celsius > ${t.gpuTemperature.celsius}`,
      for: t.gpuTemperature.for,
      labels: { severity: "warning" },
      annotations: {
        summary: "GPU {{ $labels.gpu }} on {{ $labels.instance }} runs at {{ $value }} °C",
        description: `The GPU has been above ${t.gpuTemperature.celsius} °C for ${t.gpuTemperature.for}; thermal throttling is near.`,
        runbook_url: runbook(t, "GpuTemperatureHigh"),
      },
    },
    {
      alert: "GpuMemoryNearlyFull",
      expr: `gpu_memory_used_bytes / gpu_memory_total_bytes > ${t.gpuMemory.ratio}`,
      for: t.gpuMemory.for,
      labels: { severity: "warning" },
      annotations: {
        summary:
          "GPU {{ $labels.gpu }} on {{ $labels.instance }} memory is {{ $value | humanizePercentage }} full",
        description: `More than ${t.gpuMemory.ratio * 100}% of the GPU's memory is in use: the next allocation may fail with out-of-memory.`,
        runbook_url: runbook(t, "GpuMemoryNearlyFull"),
      },
    },
    {
      alert: "GpuUnderutilized",
      expr: promql`
        ${r.runGpuUtilization} < ${t.gpuUnderutilized.ratio}
        and on (job, task) (${s.running})`,
      for: t.gpuUnderutilized.for,
      labels: { severity: "warning" },
      annotations: {
        summary:
          "{{ $labels.job }}/{{ $labels.task }} keeps GPU {{ $labels.gpu }} only {{ $value | humanizePercentage }} busy",
        description: `The run holds the GPU but uses it less than ${t.gpuUnderutilized.ratio * 100}% of the time: input pipeline, batch size or CPU work is the bottleneck.`,
        runbook_url: runbook(t, "GpuUnderutilized"),
      },
    },
    {
      alert: "GpuCollectorDown",
      expr: `${s.gpuCollectorScrape} == 0 or gpu_collector_up == 0`,
      for: t.collectorDown.for,
      labels: { severity: "warning" },
      annotations: {
        summary: "The GPU collector on {{ $labels.instance }} is down or cannot read the GPUs",
        description:
          "Either Prometheus cannot scrape the collector, or the collector's reads of the GPUs fail (see gpu_collector_read_errors_total and its log). GPU alerts from it are silenced meanwhile.",
        runbook_url: runbook(t, "GpuCollectorDown"),
      },
    },
    {
      alert: "GpuCollectorStale",
      expr: `time() - gpu_collector_last_success_timestamp_seconds > ${t.collectorStale.seconds}`,
      for: t.collectorStale.for,
      labels: { severity: "warning" },
      annotations: {
        summary:
          "The GPU collector on {{ $labels.instance }} has not read the GPUs for {{ $value | humanizeDuration }}",
        description:
          "Its last successful read is too old: a read may hang in the driver. GPU values are stale.",
        runbook_url: runbook(t, "GpuCollectorStale"),
      },
    },
  ];
  return { name: "trainwatch.gpu.alerts", rules };
}
