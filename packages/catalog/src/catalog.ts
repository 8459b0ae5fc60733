import { costMetrics } from "./cost-metrics.js";
import type { MetricDefinition } from "./define-metric.js";
import { exporterMetrics } from "./exporter-metrics.js";
import { gpuFaultMetrics } from "./gpu-fault-metrics.js";
import { gpuCollectorMetrics, gpuMetrics } from "./gpu-metrics.js";
import { receiverMetrics } from "./receiver-metrics.js";
import { trainingInsightMetrics } from "./training-insight-metrics.js";
import { trainingMetrics } from "./training-metrics.js";

/** The catalog by the part of trainwatch that produces each metric, in reading order. */
export const metricGroups: readonly {
  readonly title: string;
  readonly producer: string;
  readonly metrics: readonly MetricDefinition[];
}[] = [
  { title: "Training", producer: "the exporter, in the trainer", metrics: trainingMetrics },
  {
    title: "Training insight",
    producer: "the exporter, in the trainer",
    metrics: trainingInsightMetrics,
  },
  { title: "The exporter itself", producer: "the exporter", metrics: exporterMetrics },
  { title: "GPUs", producer: "the GPU collector", metrics: gpuMetrics },
  { title: "GPU faults", producer: "the GPU collector", metrics: gpuFaultMetrics },
  {
    title: "Cost and carbon",
    producer: "the GPU collector, from its cost configuration",
    metrics: costMetrics,
  },
  {
    title: "The GPU collector itself",
    producer: "the GPU collector",
    metrics: gpuCollectorMetrics,
  },
  {
    title: "The early-stop receiver",
    producer: "`trainwatch alert-receiver`",
    metrics: receiverMetrics,
  },
];

/** Every metric trainwatch produces, keyed by name. */
export const catalog: ReadonlyMap<string, MetricDefinition> = new Map(
  metricGroups.flatMap((group) => group.metrics).map((metric) => [metric.name, metric]),
);
