/** What history to make: `minutes` up to `end` (ms), one sample every `stepSeconds`, per worker. */
export interface HistoryOptions {
  readonly end: number;
  readonly minutes: number;
  readonly stepSeconds: number;
  readonly workers: number;
}

interface Family {
  readonly name: string;
  readonly type: "gauge" | "unknown";
  readonly series: { labels: Record<string, string>; value: (t: number, i: number) => number }[];
}

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",");

/**
 * A training overview's worth of history for two (or more) workers as OpenMetrics text, which
 * `promtool tsdb create-blocks-from openmetrics` turns into TSDB blocks: loss falling with noise,
 * accuracy rising, learning rate, epochs, status, run facts, throughput and GPU utilization,
 * every series one sample per step. Deterministic.
 */
export function renderHistory({ end, minutes, stepSeconds, workers }: HistoryOptions): string {
  const start = end - minutes * 60_000;
  const tasks = Array.from({ length: workers }, (_, w) => `worker-${w}`);
  const run = (task: string) => ({ job: "mnist_mlp", task });
  const noise = (i: number, w: number) => Math.sin(i * 1.7 + w) * 0.02;
  const decay = (i: number, w: number) => Math.exp(-i / (120 + 60 * w));
  const families: Family[] = [
    {
      name: "training_loss",
      type: "gauge",
      series: tasks.flatMap((task, w) => [
        {
          labels: { ...run(task), phase: "train" },
          value: (_t, i) => 0.05 + 2 * decay(i, w) + noise(i, w),
        },
        { labels: { ...run(task), phase: "validation" }, value: (_t, i) => 0.08 + 2 * decay(i, w) },
      ]),
    },
    {
      name: "training_loss_smoothed",
      type: "gauge",
      series: tasks.map((task, w) => ({
        labels: { ...run(task), phase: "train" },
        value: (_t, i) => 0.05 + 2 * decay(i, w),
      })),
    },
    {
      name: "training_accuracy",
      type: "gauge",
      series: tasks.flatMap((task, w) => [
        { labels: { ...run(task), phase: "train" }, value: (_t, i) => 0.98 - 0.88 * decay(i, w) },
        {
          labels: { ...run(task), phase: "validation" },
          value: (_t, i) => 0.96 - 0.86 * decay(i, w),
        },
      ]),
    },
    {
      name: "training_learning_rate",
      type: "gauge",
      series: tasks.map((task, w) => ({ labels: run(task), value: () => 0.001 * 10 ** w })),
    },
    {
      name: "training_epoch",
      type: "gauge",
      series: tasks.map((task) => ({ labels: run(task), value: (_t, i) => Math.floor(i / 12) })),
    },
    {
      name: "training_epochs_planned",
      type: "gauge",
      series: tasks.map((task) => ({
        labels: run(task),
        value: () => Math.ceil((minutes * 60) / stepSeconds / 12),
      })),
    },
    {
      name: "training_status",
      type: "gauge",
      series: tasks.map((task) => ({ labels: { ...run(task), state: "running" }, value: () => 1 })),
    },
    {
      name: "training_info",
      type: "gauge",
      series: tasks.map((task, w) => ({
        labels: {
          ...run(task),
          run_id: `r${w}`,
          backend: "tensorflow",
          model: "mlp",
          optimizer: "adam",
          batch_size: "64",
          learning_rate: String(0.001 * 10 ** w),
          epochs: "60",
        },
        value: () => 1,
      })),
    },
    {
      name: "job_task:training_examples:rate",
      type: "unknown",
      series: tasks.map((task, w) => ({
        labels: run(task),
        value: (_t, i) => 2400 + 300 * w + 200 * Math.sin(i / 9),
      })),
    },
    {
      name: "job:gpu_utilization:avg",
      type: "unknown",
      series: [{ labels: { job: "mnist_mlp" }, value: (_t, i) => 0.8 + 0.15 * Math.sin(i / 15) }],
    },
    {
      name: "gpu_utilization_ratio",
      type: "gauge",
      series: [0, 1].map((gpu) => ({
        labels: { instance: "node-a:9400", gpu: String(gpu), uuid: `GPU-${gpu}`, source: "replay" },
        value: (_t, i) => Math.min(1, Math.max(0, 0.7 + 0.3 * Math.sin(i / (10 + gpu * 7)))),
      })),
    },
  ];
  const steps = Math.floor((end - start) / (stepSeconds * 1000));
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const { labels, value } of family.series)
      for (let i = 0; i <= steps; i++) {
        const t = start + i * stepSeconds * 1000;
        lines.push(
          `${family.name}{${labelText(labels)}} ${value(t, i).toPrecision(6)} ${t / 1000}`,
        );
      }
  }
  lines.push("# EOF", "");
  return lines.join("\n");
}
