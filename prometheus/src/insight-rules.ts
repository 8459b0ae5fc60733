import { gpuPeakFlops } from "@trainwatch/catalog";
import {
  type AlertingRule,
  durationSeconds,
  promql,
  type RecordingRule,
  type RuleGroup,
  runbook,
} from "./alerting-rule.js";
import { onRun, onSeries, recorded as r, selectors as s } from "./selectors.js";
import type { Thresholds } from "./thresholds.js";

/** Each GPU's datasheet FP32 peak, one `gpu_info` selector per distinct figure. */
function peakFlopsByModel(): string {
  const byPeak = new Map<number, string[]>();
  for (const { name, fp32FlopsPerSecond } of gpuPeakFlops) {
    byPeak.set(fp32FlopsPerSecond, [...(byPeak.get(fp32FlopsPerSecond) ?? []), name]);
  }
  return [...byPeak]
    .map(
      ([peak, names]) =>
        `max by (gpu, uuid, name) (gpu_info{name=~"${names.join("|")}"}) * ${peak.toExponential()}`,
    )
    .join("\nor ");
}

/** Recording rules of training insight: achieved FLOP/s, ETA, where the time goes. */
export function insightRecordingRules(t: Thresholds): RuleGroup {
  const w = t.rateWindow;
  const phaseRate = `sum by (job, task, phase) (rate(training_phase_seconds_total[${w}]))`;
  const rules: RecordingRule[] = [
    { record: r.flopsRate, expr: `sum by (job, task) (rate(training_flops_total[${w}]))` },
    {
      // Live series only: an earlier run's pushed step count is not this run's progress.
      record: r.eta,
      expr: promql`
        (
          max by (job, task) (training_steps_planned{instance!=""})
          - max by (job, task) (training_steps_total{instance!=""})
        )
        / (${r.stepsRate} > 0)
        and ${onRun} (${s.running})`,
    },
    {
      record: r.phaseRatio,
      expr: promql`
        ${phaseRate}
        / ignoring (phase) group_left ()
        (sum by (job, task) (${phaseRate}) > 0)`,
    },
  ];
  return { name: "trainwatch.training.insight", rules };
}

/**
 * Model FLOPs utilization (MFU): achieved FLOP/s over the datasheet peak of the GPUs a run uses
 * (the pid join of gpu.yml, so it lives there). GPUs missing from the peak table have no MFU.
 */
export function gpuEfficiencyRecordingRules(t: Thresholds): RuleGroup {
  const rules: RecordingRule[] = [
    { record: r.gpuPeakFlops, expr: peakFlopsByModel() },
    {
      record: r.modelFlopsUtilization,
      expr: promql`
        sum by (job, task) (rate(training_flops_total[${t.rateWindow}]))
        / on (job, task)
        sum by (job, task) (
          ${r.gpuPeakFlops}
          * on (gpu, uuid) group_right ()
          (${r.gpuAssignment} > bool 0)
        )`,
    },
  ];
  return { name: "trainwatch.gpu.efficiency", rules };
}

/** Alerts on how a run trains: a straggling worker, a run that stopped improving. */
export function insightAlerts(t: Thresholds): RuleGroup {
  const medianOfRunning = `(${r.stepDurationP50} and ${onRun} (${s.running}))`;
  const rules: AlertingRule[] = [
    {
      alert: "TrainingStraggler",
      expr: promql`
        ${medianOfRunning}
        > on (job) group_left ()
        (${t.straggler.factor} * quantile by (job) (0.5, ${medianOfRunning}))
        and on (job)
        (count by (job) (${medianOfRunning}) > 1)`,
      for: t.straggler.for,
      labels: { severity: "warning" },
      annotations: {
        summary: "Worker {{ $labels.task }} of {{ $labels.job }} holds the job back",
        description: `Its median step takes {{ $value | humanizeDuration }}, more than ${t.straggler.factor}× the median of the job's running workers: look at its GPU (clocks, throttling, XID) and its input pipeline.`,
        runbook_url: runbook(t, "TrainingStraggler"),
      },
    },
    {
      alert: "TrainingNoImprovement",
      // The trainer's own series only: a final state an earlier run of the same job and task
      // pushed (instance="") must not stop this one.
      expr: promql`
        max by (job, task) (training_epochs_since_improvement{instance!=""})
        >= ${onRun}
        max by (job, task) (training_early_stop_patience{instance!=""})
        and ${onRun} (${s.running})`,
      for: t.noImprovement.for,
      labels: { severity: "critical" },
      annotations: {
        summary: "Training {{ $labels.job }}/{{ $labels.task }} stopped improving",
        description:
          "No lower validation loss for {{ $value }} epochs, the run's early-stopping patience: stopping it frees its GPUs.",
        runbook_url: runbook(t, "TrainingNoImprovement"),
      },
    },
    lossSpikeAlert(t),
  ];
  return { name: "trainwatch.training.insight.alerts", rules };
}

/**
 * TrainingLossSpike: the train loss far above its own recent median, measured in its own
 * interquartile range, so a spike below TrainingLossDiverging's factor is seen and stationary
 * noise is not. Only for a run that has trained for the whole window: its median is its own.
 */
function lossSpikeAlert(t: Thresholds): AlertingRule {
  const { window: w, iqrFactor, minRelative } = t.lossSpike;
  const loss = s.trainLoss.replace("}", ',instance!=""}');
  const q = (quantile: number) => `quantile_over_time(${quantile}, ${loss}[${w}])`;
  return {
    alert: "TrainingLossSpike",
    expr: promql`
      max by (job, task) (
        ${loss} > ${q(0.5)} + ${iqrFactor} * (${q(0.75)} - ${q(0.25)})
        and ${loss} > ${q(0.5)} + ${minRelative} * abs(${q(0.5)})
        and ${onSeries} (time() - training_start_timestamp_seconds >= ${durationSeconds(w)})
        and ${onSeries} (${s.running})
      )`,
    for: t.lossSpike.for,
    labels: { severity: "warning" },
    annotations: {
      summary: "Training {{ $labels.job }}/{{ $labels.task }} has a loss spike",
      description: `The train loss is {{ $value | printf "%.3g" }}, above its median of the last ${w} by more than ${iqrFactor}× its interquartile range there. Look at training_update_norm just before it: a large update (learning rate, a bad batch) usually comes first.`,
      runbook_url: runbook(t, "TrainingLossSpike"),
    },
  };
}
