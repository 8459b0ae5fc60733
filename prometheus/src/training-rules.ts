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

/**
 * Recording rules of training progress: throughput and step-duration quantiles per job and task.
 * A quantile comes from the native histogram where Prometheus scrapes it (exponential buckets 9 %
 * wide), else from the classic buckets (a Prometheus before 3.8, a pushed final state).
 */
export function trainingRecordingRules(t: Thresholds): RuleGroup {
  const w = t.rateWindow;
  const quantile = (q: number): string =>
    `histogram_quantile(${q}, sum by (job, task) (rate(training_step_duration_seconds[${w}])))
or
histogram_quantile(${q}, sum by (job, task, le) (rate(training_step_duration_seconds_bucket[${w}])))`;
  const rules: RecordingRule[] = [
    { record: r.examplesRate, expr: `sum by (job, task) (rate(training_examples_total[${w}]))` },
    { record: r.stepsRate, expr: `sum by (job, task) (rate(training_steps_total[${w}]))` },
    { record: r.stepDurationP50, expr: quantile(0.5) },
    { record: r.stepDurationP90, expr: quantile(0.9) },
    { record: r.stepDurationP99, expr: quantile(0.99) },
  ];
  return { name: "trainwatch.training.recording", rules };
}

/** Alerts on training runs: stalled, NaN, diverging, crashed, slowed down. */
export function trainingAlerts(t: Thresholds): RuleGroup {
  const rules: AlertingRule[] = [
    // Only a run that has trained for the whole window: a run's first loss sample has no
    // change yet, and used to make every new run's plateau pending for a moment.
    {
      alert: "TrainingStalled",
      expr: promql`
        ${s.trainLoss} > ${t.stallPlateau.minLoss}
        and changes(${s.trainLoss}[${t.stallPlateau.window}]) < 0.001
        and ${onSeries} (${s.running})
        and ${onSeries} (time() - training_start_timestamp_seconds >= ${durationSeconds(t.stallPlateau.window)})`,
      for: t.stallPlateau.for,
      labels: { severity: "critical", form: "plateau" },
      annotations: {
        summary: "Training {{ $labels.job }}/{{ $labels.task }} is stuck on a loss plateau",
        description: `The train loss has not changed for ${t.stallPlateau.window} and is still {{ $value | printf "%.3f" }} (above ${t.stallPlateau.minLoss}).`,
        runbook_url: runbook(t, "TrainingStalled"),
      },
    },
    // Measured at the newest sample, not at evaluation time: a node cut off from a remote store
    // delivers late, and its trainers are not stalled in the meantime (a stop then would reach
    // them once the link is back). On one Prometheus the two differ by a scrape interval.
    {
      alert: "TrainingStalled",
      expr: promql`
        timestamp(training_last_step_timestamp_seconds) - training_last_step_timestamp_seconds > ${t.stallNoProgress.seconds}
        and ${onSeries} (${s.running})`,
      for: t.stallNoProgress.for,
      labels: { severity: "critical", form: "no_progress" },
      annotations: {
        summary: "Training {{ $labels.job }}/{{ $labels.task }} makes no progress",
        description:
          "The run says it is running, but its last step finished {{ $value | humanizeDuration }} ago.",
        runbook_url: runbook(t, "TrainingStalled"),
      },
    },
    {
      alert: "TrainingLossNaN",
      expr: promql`
        (${s.trainLoss} != ${s.trainLoss} or abs(${s.trainLoss}) == +Inf)
        and ${onSeries} (${s.running})`,
      for: t.lossNaN.for,
      labels: { severity: "critical" },
      annotations: {
        summary: "Training {{ $labels.job }}/{{ $labels.task }} has a loss of {{ $value }}",
        description:
          "The train loss is NaN or infinite: the run cannot recover and only burns GPU time.",
        runbook_url: runbook(t, "TrainingLossNaN"),
      },
    },
    {
      alert: "TrainingLossDiverging",
      expr: promql`
        ${s.trainLossSmoothed} > ${t.lossDiverging.factor} * min_over_time(${s.trainLossSmoothed}[${t.lossDiverging.window}])
        and ${s.trainLossSmoothed} - min_over_time(${s.trainLossSmoothed}[${t.lossDiverging.window}]) > ${t.lossDiverging.minIncrease}
        and ${onSeries} (time() - training_last_step_timestamp_seconds < ${t.lossDiverging.stepWithinSeconds})
        and ${onSeries} (${s.running})
        unless ${onSeries} (resets(training_steps_total[${t.lossDiverging.window}]) > 0)`,
      for: t.lossDiverging.for,
      labels: { severity: "critical" },
      annotations: {
        summary: "Training {{ $labels.job }}/{{ $labels.task }} diverges",
        description: `The smoothed train loss is {{ $value | printf "%.3f" }}, more than ${t.lossDiverging.factor}× its minimum of the last ${t.lossDiverging.window}.`,
        runbook_url: runbook(t, "TrainingLossDiverging"),
      },
    },
    {
      alert: "TrainingTargetDown",
      // A clean end pushes the final state after the last step; a crash pushes nothing newer.
      expr: promql`
        last_over_time(training_status{state="running"}[${t.targetDown.lookback}]) == 1
        and on (instance) (${s.trainerScrape} == 0)
        unless on (job, task) (
          max by (job, task) (push_time_seconds)
          >= on (job, task)
          max by (job, task) (last_over_time(training_last_step_timestamp_seconds{instance!=""}[${t.targetDown.lookback}]))
        )`,
      for: t.targetDown.for,
      labels: { severity: "critical" },
      annotations: {
        summary:
          "Trainer {{ $labels.job }}/{{ $labels.task }} at {{ $labels.instance }} stopped answering while running",
        description:
          "The trainer's last status was running, its /metrics no longer answers and it pushed no final state: it crashed, was OOM-killed or hangs.",
        runbook_url: runbook(t, "TrainingTargetDown"),
      },
    },
    // A pushing trainer (OTLP) has no `up` and its series no staleness: it is down once its
    // newest sample is old and still says running. A scraped one never matches: its series go
    // stale when its scrape fails, and its `up` (late or not) excludes it.
    {
      alert: "TrainingTargetDown",
      expr: promql`
        training_status{state="running"} == 1
        and (time() - timestamp(training_status{state="running"}) > ${durationSeconds(t.targetDown.pushSilence)})
        unless on (instance) up`,
      for: t.targetDown.for,
      labels: { severity: "critical", form: "push" },
      annotations: {
        summary:
          "Trainer {{ $labels.job }}/{{ $labels.task }} at {{ $labels.instance }} stopped pushing while running",
        description: `The trainer pushes its metrics (OTLP) and its last push said running, ${t.targetDown.pushSilence} or more ago: it crashed, was OOM-killed, hangs or lost its way to Prometheus. Prometheus drops its series 5 minutes after the last push, and this alert resolves then.`,
        runbook_url: runbook(t, "TrainingTargetDown"),
      },
    },
    {
      alert: "TrainingThroughputDrop",
      expr: promql`
        ${r.examplesRate} < ${1 - t.throughputDrop.fraction} * avg_over_time(${r.examplesRate}[${t.throughputDrop.baseline}])
        and ${onRun} (${s.running})
        unless ${onRun} (resets(training_steps_total{instance!=""}[${t.throughputDrop.baseline}]) > 0)`,
      for: t.throughputDrop.for,
      labels: { severity: "warning" },
      annotations: {
        summary: "Training {{ $labels.job }}/{{ $labels.task }} slowed down",
        description: `Throughput fell to {{ $value | printf "%.0f" }} examples/s, under ${(1 - t.throughputDrop.fraction) * 100}% of its average over ${t.throughputDrop.baseline}. Look at GPU clocks and throttling.`,
        runbook_url: runbook(t, "TrainingThroughputDrop"),
      },
    },
    {
      alert: "TrainingRunEnded",
      // Until the worker's next run starts: an ended run's pushed state stays in the Pushgateway,
      // and must not silence the next run's alerts.
      expr: promql`
        max by (job, task, state) (training_status{state=~"completed|stopped|failed"}) == 1
        unless ${onRun} (${s.running})`,
      labels: { severity: "none" },
      annotations: {
        summary: "Training {{ $labels.job }}/{{ $labels.task }} has {{ $labels.state }}",
        description:
          "Not a problem: Alertmanager uses it to silence stall and slowness alerts of a run that ended.",
        runbook_url: runbook(t, "TrainingRunEnded"),
      },
    },
  ];
  return { name: "trainwatch.training.alerts", rules };
}
