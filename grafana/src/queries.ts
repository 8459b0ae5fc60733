import { recorded as r, selectors as s, xidEventsWithin } from "@trainwatch/prometheus-config";
import { runSelector as run } from "./variables.js";

/** A PromQL query with the legend its series get. */
export interface Query {
  readonly expr: string;
  readonly legend?: string;
  /** Instant query rendered as a table (one row per series). */
  readonly table?: boolean;
}

const gpu = 'instance=~"$instance"';

/** `metric{a="b"}` with one more matcher: `metric{a="b", extra}`. */
const withMatcher = (selector: string, matcher: string) => selector.replace(/\}$/, `, ${matcher}}`);

/**
 * One series per worker: the trainer's live series (`instance` its address) while it answers,
 * else the final state the Pushgateway holds (`instance=""`): the ended run's, the same curve
 * drawn once. A worker's next run is never mixed with the state its last run pushed.
 */
const oneRun = (selector: string, by = "without (instance)") =>
  `max ${by} (${withMatcher(selector, 'instance!=""')}) or on (job, task) max ${by} (${withMatcher(selector, 'instance=""')})`;

/**
 * Every query the dashboards run, kept apart from their layout. They use the recording rules
 * where one exists, and the selectors of variables.ts.
 */
export const queries = {
  trainLoss: { expr: oneRun(`training_loss{${run}, phase="train"}`), legend: "{{task}} train" },
  validationLoss: {
    expr: oneRun(`training_loss{${run}, phase="validation"}`),
    legend: "{{task}} validation",
  },
  smoothedLoss: {
    expr: oneRun(`training_loss_smoothed{${run}, phase="train"}`),
    legend: "{{task}} train (smoothed)",
  },
  accuracy: { expr: oneRun(`training_accuracy{${run}}`), legend: "{{task}} {{phase}}" },
  learningRate: {
    expr: oneRun(`training_learning_rate{${run}}`),
    legend: "{{task}} learning rate",
  },
  throughput: { expr: `${r.examplesRate}{${run}}`, legend: "{{task}}" },
  stepDurationP90: { expr: `${r.stepDurationP90}{${run}}`, legend: "{{task}} p90" },
  /**
   * Live only: a pushed final value would hold its last window forever. The max over each step's
   * window, so no block is lost between two points at any zoom (and a run shorter than one step
   * still shows).
   */
  threadBlocked: {
    expr: `max by (job, task) (max_over_time(training_event_loop_delay_max_seconds{${run}, instance!=""}[$__rate_interval]))`,
    legend: "{{task}} longest block (60 s)",
  },
  phaseShares: {
    expr: `avg by (phase) (${r.phaseRatio}{${run}})`,
    legend: "{{phase}}",
  },
  stepProgress: {
    expr: `(${oneRun(`training_steps_total{${run}}`, "by (job, task)")}) / (${oneRun(`training_steps_planned{${run}}`, "by (job, task)")})`,
    legend: "{{task}} done",
  },
  eta: { expr: `${r.eta}{${run}}`, legend: "{{task}} ETA" },
  bestValidationLoss: {
    expr: oneRun(`training_validation_loss_best{${run}}`, "by (job, task)"),
    legend: "{{task}} best validation loss",
  },
  epochsSinceImprovement: {
    expr: oneRun(`training_epochs_since_improvement{${run}}`, "by (job, task)"),
    legend: "{{task}} epochs since best",
  },
  earlyStopPatience: {
    expr: oneRun(`training_early_stop_patience{${run}}`, "by (job, task)"),
    legend: "{{task}} patience",
  },
  flopsRate: { expr: `${r.flopsRate}{${run}}`, legend: "{{task}} FLOP/s" },
  modelFlopsUtilization: { expr: `${r.modelFlopsUtilization}{${run}}`, legend: "{{task}} MFU" },
  goodput: { expr: `${r.goodput}{${run}}`, legend: "{{task}} since start" },
  goodputRate: { expr: `${r.goodputRate}{${run}}`, legend: "{{task}} last 5m" },
  badputByCause: {
    expr: `sum by (cause) (${r.badputSeconds}{${run}})`,
    legend: "{{cause}}",
  },
  weightNorm: {
    expr: oneRun(`training_weight_norm{${run}}`, "by (job, task)"),
    legend: "{{task}} weights",
  },
  updateNorm: {
    expr: oneRun(`training_update_norm{${run}}`, "by (job, task)"),
    legend: "{{task}} update",
  },
  jobGpuUtilization: {
    expr: `${r.jobGpuUtilization}{job=~"$job"}`,
    legend: "{{job}} GPU utilization",
  },
  gpuUtilizationByGpu: { expr: "gpu_utilization_ratio", legend: "{{instance}} GPU {{gpu}}" },
  epochProgress: {
    expr: `(${oneRun(`training_epoch{${run}}`, "by (job, task)")}) / (${oneRun(`training_epochs_planned{${run}}`, "by (job, task)")})`,
    legend: "{{task}}",
  },
  status: {
    expr: `(${oneRun(`training_status{${run}}`, "by (job, task, state)")}) == 1`,
    legend: "{{task}}: {{state}}",
    table: true,
  },
  runFacts: {
    expr: oneRun(
      `training_info{${run}}`,
      "by (job, task, run_id, backend, model, optimizer, batch_size, learning_rate, epochs)",
    ),
    table: true,
  },
  /** Every run's facts within the range, the ended runs' included. */
  runFactsInRange: {
    expr: `max by (job, task, run_id, backend, model, optimizer, batch_size, learning_rate, epochs) (max_over_time(training_info{${run}}[$__range]))`,
    table: true,
  },
  /** Every reason a run of each worker was stopped for within the range. */
  stopReason: {
    expr: `max by (job, task, reason) (max_over_time(training_stop_info{${run}}[$__range]))`,
    legend: "{{task}}: {{reason}}",
    table: true,
  },

  gpuUtilization: { expr: `gpu_utilization_ratio{${gpu}}`, legend: "{{instance}} GPU {{gpu}}" },
  gpuMemoryUsed: { expr: `gpu_memory_used_bytes{${gpu}}`, legend: "{{instance}} GPU {{gpu}}" },
  gpuMemoryTotal: {
    expr: `gpu_memory_total_bytes{${gpu}}`,
    legend: "{{instance}} GPU {{gpu}} total",
  },
  gpuTemperature: { expr: `gpu_temperature_celsius{${gpu}}`, legend: "{{instance}} GPU {{gpu}}" },
  gpuPower: { expr: `gpu_power_draw_watts{${gpu}}`, legend: "{{instance}} GPU {{gpu}}" },
  gpuPowerLimit: {
    expr: `gpu_power_limit_watts{${gpu}}`,
    legend: "{{instance}} GPU {{gpu}} limit",
  },
  gpuSmClock: { expr: `gpu_sm_clock_hertz{${gpu}}`, legend: "{{instance}} GPU {{gpu}}" },
  gpuClockEvents: {
    expr: `gpu_clock_event_active{${gpu}, reason!="gpu_idle"}`,
    legend: "GPU {{gpu}} {{reason}}",
  },
  gpuEnergyRate: {
    expr: `rate(gpu_energy_joules_total{${gpu}}[$__rate_interval])`,
    legend: "{{instance}} GPU {{gpu}}",
  },
  gpuProcessMemory: {
    expr: `gpu_process_memory_used_bytes{${gpu}}`,
    legend: "GPU {{gpu}} pid {{pid}}",
  },
  gpuProcessUtilization: {
    expr: `gpu_process_utilization_ratio{${gpu}}`,
    legend: "GPU {{gpu}} pid {{pid}}",
  },
  gpuXidErrors: {
    expr: `increase(gpu_xid_errors_total{${gpu}}[$__rate_interval])`,
    legend: "{{instance}} GPU {{gpu}} XID {{xid}}",
  },
  gpuRemappedRows: {
    expr: `gpu_remapped_rows_total{${gpu}}`,
    legend: "{{instance}} GPU {{gpu}} {{cause}}",
  },
  gpuRowRemapPending: {
    expr: `gpu_row_remap_pending{${gpu}}`,
    legend: "{{instance}} GPU {{gpu}} remap pending",
  },
  gpuRowRemapFailed: {
    expr: `gpu_row_remap_failed{${gpu}}`,
    legend: "{{instance}} GPU {{gpu}} remap failed",
  },
  gpuPcieReplays: {
    expr: `rate(gpu_pcie_replay_errors_total{${gpu}}[$__rate_interval])`,
    legend: "{{instance}} GPU {{gpu}}",
  },
  collectorUp: { expr: `gpu_collector_up{${gpu}}`, legend: "{{instance}} ({{source}}) up" },
  collectorReadDuration: {
    expr: `gpu_collector_read_duration_seconds{${gpu}}`,
    legend: "{{instance}} ({{source}}) read time",
  },

  bestValidationAccuracy: {
    expr: `max by (job, task) (max_over_time(training_accuracy{${run}, phase="validation"}[$__range]))`,
    table: true,
  },
  finalValidationLoss: {
    expr: `max by (job, task) (last_over_time(training_loss{${run}, phase="validation"}[$__range]))`,
    table: true,
  },
  meanThroughput: {
    expr: `max by (job, task) (avg_over_time(${r.examplesRate}{${run}}[$__range]))`,
    table: true,
  },
  wallTime: {
    expr: `max by (job, task) (max_over_time(training_last_step_timestamp_seconds{${run}}[$__range]) - min_over_time(training_last_step_timestamp_seconds{${run}}[$__range]))`,
    table: true,
  },
  bestValidationLossInRange: {
    expr: `max by (job, task) (min_over_time(training_validation_loss_best{${run}}[$__range]))`,
    table: true,
  },
  epochOfBest: {
    expr: `max by (job, task) (last_over_time(training_epoch{${run}}[$__range])) - max by (job, task) (last_over_time(training_epochs_since_improvement{${run}}[$__range]))`,
    table: true,
  },
  goodputInRange: {
    expr: `max by (job, task) (last_over_time(${r.goodput}{${run}}[$__range]))`,
    table: true,
  },
  costInRange: {
    expr: `max by (job, task) (max_over_time(${r.runCost}{${run}}[$__range]))`,
    table: true,
  },
  carbonInRange: {
    expr: `max by (job, task) (max_over_time(${r.runCarbon}{${run}}[$__range]))`,
    table: true,
  },
  costPerAccuracyPoint: {
    expr: `max by (job, task) (max_over_time(${r.runCost}{${run}}[$__range])) / (max by (job, task) (max_over_time(training_accuracy{${run}, phase="validation"}[$__range])) * 100 > 0)`,
    table: true,
  },
  flopsPerAccuracyPoint: {
    expr: `max by (job, task) (max_over_time(training_flops_total{${run}}[$__range])) / (max by (job, task) (max_over_time(training_accuracy{${run}, phase="validation"}[$__range])) * 100 > 0)`,
    table: true,
  },
  jobEnergy: {
    expr: `sum by (job) (max by (gpu, uuid) (increase(gpu_energy_joules_total[$__range])) * on (gpu, uuid) group_right () (${r.gpuAssignment}{job=~"$job"} > bool 0))`,
    table: true,
  },
  joulesPerAccuracyPoint: {
    expr: `${r.jobJoulesPerAccuracyPoint}{job=~"$job"}`,
    legend: "{{job}}",
  },
  runLossOverlay: {
    expr: oneRun(`training_loss{${run}, phase="validation"}`),
    legend: "{{job}}/{{task}}",
  },
} as const satisfies Record<string, Query>;

/**
 * Alert annotations: firing alerts of the selected jobs; not those of severity `none` (the
 * always-firing Watchdog, TrainingRunEnded), which would cover every chart.
 */
export const alertAnnotationExpr = 'ALERTS{alertstate="firing", severity!="none", job=~"$job"}';
/** Loss-spike regions: while TrainingLossSpike fires for a selected worker. */
export const lossSpikeMarkerExpr =
  'ALERTS{alertname="TrainingLossSpike", alertstate="firing", job=~"$job", task=~"$task"}';
/** Checkpoint markers: a run wrote a checkpoint within the step. */
export const checkpointMarkerExpr = `max by (job, task) (changes(training_last_checkpoint_timestamp_seconds{${run}, instance!=""}[$__interval])) > 0`;
/** Stop markers: the step in which a run's stop reason first appeared. */
export const stopMarkerExpr = `max by (job, task, reason) (training_stop_info{${run}}) unless max by (job, task, reason) (training_stop_info{${run}} offset $__interval)`;
/** XID markers: a GPU reported an XID event within the step (a new code's first event included). */
export const xidMarkerExpr = `max by (instance, gpu, xid) (${xidEventsWithin("$__interval")})`;
/**
 * Thermal-slowdown regions of the GPUs the selected jobs run on (the GPU-to-job join): on the
 * same charts as throughput, a throttled GPU's effect shows where it happens.
 */
export const gpuThrottleMarkerExpr = `max by (job, gpu) ((${r.gpuAssignment}{job=~"$job"} > bool 0) * on (gpu, uuid) group_left () max by (gpu, uuid) (${s.thermalSlowdown})) == 1`;
/** Thermal-slowdown regions of every GPU of the selected collectors. */
export const fleetThrottleMarkerExpr = `max by (instance, gpu) (${withMatcher(s.thermalSlowdown, gpu)}) == 1`;
/** Injected-fault regions: while a trainer's `--fault-*` flag acts on its run (demos, tests). */
export const injectedFaultMarkerExpr = `max by (job, task, fault) (training_fault_injected{${run}, instance!=""}) == 1`;
/**
 * Run start/stop markers: a trainer's running state changed within the last `$__rate_interval`
 * (a few scrapes, so that two samples fall in it however the scrapes and steps line up): a short
 * band each, not the minute-long one that hid the charts under a run a minute.
 */
export const runMarkerExpr = `max by (job, task) (changes(training_status{${run}, state="running", instance!=""}[$__rate_interval])) > 0`;
