import type { MetricDefinition } from "./define-metric.js";
import { exporterMetrics } from "./exporter-metrics.js";
import { gpuFaultMetrics } from "./gpu-fault-metrics.js";
import { gpuCollectorMetrics, gpuMetrics } from "./gpu-metrics.js";
import { receiverMetrics } from "./receiver-metrics.js";
import { trainingInsightMetrics } from "./training-insight-metrics.js";
import { trainingMetrics } from "./training-metrics.js";

/** Every metric trainwatch produces, keyed by name. */
export const catalog: ReadonlyMap<string, MetricDefinition> = new Map(
  [
    ...trainingMetrics,
    ...trainingInsightMetrics,
    ...exporterMetrics,
    ...gpuMetrics,
    ...gpuFaultMetrics,
    ...gpuCollectorMetrics,
    ...receiverMetrics,
  ].map((metric) => [metric.name, metric]),
);
