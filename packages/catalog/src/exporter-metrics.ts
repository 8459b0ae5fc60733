import { defineMetric } from "./define-metric.js";
import { runLabels } from "./training-metrics.js";

/** Outcomes of a push to the Pushgateway. */
export const pushOutcomes = ["success", "failure"] as const;
export type PushOutcome = (typeof pushOutcomes)[number];

export const exporterPushes = defineMetric({
  name: "trainwatch_exporter_pushes_total",
  type: "counter",
  unit: "",
  help: "Pushes of this run's metrics to the Pushgateway, by outcome (after retries).",
  labelNames: [...runLabels, "outcome"],
});

export const exporterLastPushSuccess = defineMetric({
  name: "trainwatch_exporter_last_push_success_timestamp_seconds",
  type: "gauge",
  unit: "seconds",
  help: "Unix time of the last push the Pushgateway accepted.",
  labelNames: runLabels,
});

/** The exporter's health metrics about itself. */
export const exporterMetrics = [exporterPushes, exporterLastPushSuccess] as const;
