import { timePhases } from "@trainwatch/catalog";
import {
  type AlertingRule,
  promql,
  type RecordingRule,
  type RuleGroup,
  runbook,
} from "./alerting-rule.js";
import { onRun, recorded as r, selectors as s } from "./selectors.js";
import type { Thresholds } from "./thresholds.js";

/** Phases that are waste, not progress: every one but `compute`. */
const badputPhases = timePhases.filter((phase) => phase !== "compute").join("|");

/**
 * A run's value of `metric` by `by`: its trainer's own series while it runs, else the final
 * state it pushed (instance=""), so an ended run keeps its totals and an earlier run's pushed
 * state never stands in for a live one (not even before the live run's first step).
 */
const ofCurrentRun = (metric: string, by: string): string => promql`
  max by (${by}) (${metric.replace("}", ',instance!=""}')} and ${onRun} (${s.liveRunning}))
  or (max by (${by}) (${metric.replace("}", ',instance=""}')}) unless ${onRun} (${s.liveRunning}))`;

/**
 * Goodput and badput per run, as ml-goodput-measurement splits a job's wall time: compute is
 * progress; input, validation, checkpoints and time in no phase at all (stalls, start-up) are
 * waste. A pushed final state ends the run's wall time at its push.
 */
export function goodputRecordingRules(): RuleGroup {
  const phaseSeconds = (phases: string) =>
    ofCurrentRun(`training_phase_seconds_total{phase=~"${phases}"}`, "job, task, phase");
  const rules: RecordingRule[] = [
    {
      record: r.runWallSeconds,
      expr: promql`
        time() - max by (job, task) (training_start_timestamp_seconds{instance!=""} and ${onRun} (${s.liveRunning}))
        or (
          max by (job, task) (push_time_seconds)
          - ${onRun} max by (job, task) (training_start_timestamp_seconds{instance=""})
          unless ${onRun} (${s.liveRunning})
        )`,
    },
    {
      record: r.goodputRate,
      expr: promql`
        sum by (job, task) (rate(training_phase_seconds_total{phase="compute",instance!=""}[5m]))
        and ${onRun} (${s.liveRunning})`,
    },
    {
      record: r.goodput,
      expr: promql`
        sum by (job, task) (${phaseSeconds("compute")})
        / ${onRun} (${r.runWallSeconds} > 0)`,
    },
    {
      record: r.badputSeconds,
      expr: promql`
        sum without (phase) (label_replace(${phaseSeconds(badputPhases)}, "cause", "$1", "phase", "(.*)"))
        or label_replace(
          clamp_min(
            ${r.runWallSeconds}
            - ${onRun} sum by (job, task) (${phaseSeconds(timePhases.join("|"))}),
            0
          ),
          "cause", "stalled", "", ""
        )`,
    },
  ];
  return { name: "trainwatch.training.goodput", rules };
}

/** Alerts on where a run's time goes: a run waiting on its input pipeline. */
export function goodputAlerts(t: Thresholds): RuleGroup {
  const { ratio, window, for: forDuration } = t.inputBound;
  const phaseRate = (phases: string) =>
    `sum by (job, task) (rate(training_phase_seconds_total{phase=~"${phases}",instance!=""}[${window}]))`;
  const rules: AlertingRule[] = [
    {
      alert: "TrainingInputBound",
      // Stepping now: a stalled run (no step for the stall alert's time) is TrainingStalled's.
      expr: promql`
        ${phaseRate("input")} / (${phaseRate(timePhases.join("|"))} > 0) > ${ratio}
        and ${onRun} (${s.liveRunning})
        and ${onRun} (time() - max by (job, task) (training_last_step_timestamp_seconds{instance!=""}) < ${t.stallNoProgress.seconds})`,
      for: forDuration,
      labels: { severity: "warning" },
      annotations: {
        summary: "Training {{ $labels.job }}/{{ $labels.task }} waits on its input pipeline",
        description: `It spent {{ $value | humanizePercentage }} of its phase time over ${window} waiting for the next batch (more than ${ratio * 100}%): the accelerator idles meanwhile. Prefetch, add loader workers, or cache the decoded data.`,
        runbook_url: runbook(t, "TrainingInputBound"),
      },
    },
  ];
  return { name: "trainwatch.training.goodput.alerts", rules };
}
