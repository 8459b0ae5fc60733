import type { MatrixSeries, VectorSample } from "./prometheus-result.js";
import { sampleValue } from "./prometheus-result.js";
import type { RunCurves, Sample } from "./run-overlay.js";

/** The hyperparameters the run list shows, as `training_info` labels and column headers. */
export const runColumns = [
  ["job", "job"],
  ["task", "task"],
  ["run_id", "run"],
  ["model", "model"],
  ["optimizer", "optimizer"],
  ["learning_rate", "learning rate"],
  ["batch_size", "batch size"],
  ["epochs", "epochs"],
] as const;

/** Every run seen within the last `seconds` before the query's time, one sample per run. */
export const runListQuery = (seconds: number): string =>
  `max by (${runColumns.map(([l]) => l).join(", ")}) (max_over_time(training_info{instance!=""}[${Math.max(1, Math.round(seconds))}s]))`;

const quote = (text: string) => `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;

/**
 * The queries of one run's curves: a metric's scraped samples while the run's own
 * `training_info` was scraped (a worker's later run, or the Pushgateway's copy of its final
 * state, is another run or no run).
 */
export function runCurveQueries(run: string): Record<"loss" | "accuracy" | "steps", string> {
  const during = `and on (job, task) training_info{run_id=${quote(run)}, instance!=""}`;
  return {
    loss: `training_loss{instance!=""} ${during}`,
    accuracy: `training_accuracy{instance!=""} ${during}`,
    steps: `training_steps_total{instance!=""} ${during}`,
  };
}

const samples = (series: MatrixSeries | undefined): Sample[] =>
  (series?.values ?? []).map(([t, v]) => [Math.round(t * 1000), sampleValue(v)] as const);

/** One run's curves of a metric (a curve per phase) and its steps, from the queries' answers. */
export function runCurves(
  run: VectorSample,
  metric: readonly MatrixSeries[],
  steps: readonly MatrixSeries[],
): RunCurves {
  return {
    run: run.metric.run_id ?? "",
    task: run.metric.task ?? "",
    steps: samples(steps[0]),
    curves: [...metric]
      .sort((a, b) => (a.metric.phase ?? "").localeCompare(b.metric.phase ?? ""))
      .map((s) => ({ phase: s.metric.phase ?? "", samples: samples(s) })),
  };
}
