import type { Registry } from "prom-client";
import { openMetricsContentType, toOpenMetrics } from "./to-open-metrics.js";

/** The exposition formats trainwatch serves. */
export type ExpositionFormat = "prometheus" | "openmetrics";

/**
 * Renders a registry for a scrape or a push. Spells NaN as the formats do (prom-client writes
 * `Nan`, which Prometheus happens to accept and stricter parsers need not).
 */
export async function renderMetrics(
  registry: Registry,
  format: ExpositionFormat = "prometheus",
): Promise<{ contentType: string; body: string }> {
  const text = (await registry.metrics()).replace(/ Nan$/gm, " NaN");
  return format === "openmetrics"
    ? { contentType: openMetricsContentType, body: toOpenMetrics(text) }
    : { contentType: registry.contentType, body: text };
}
