import type { Registry } from "prom-client";
import { openMetricsContentType, toOpenMetrics } from "./to-open-metrics.js";

/** The exposition formats trainwatch serves. */
export type ExpositionFormat = "prometheus" | "openmetrics";

/** A rendered exposition, ready for a response or a push. */
export interface RenderedMetrics {
  readonly contentType: string;
  readonly body: string;
}

/** prom-client's Prometheus text content type (`Registry.PROMETHEUS_CONTENT_TYPE`). */
const prometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

/**
 * Renders a registry for a scrape or a push. Spells NaN as the formats do (prom-client writes
 * `Nan`, which Prometheus happens to accept and stricter parsers need not).
 */
export async function renderMetrics(
  registry: Registry,
  format: ExpositionFormat = "prometheus",
): Promise<RenderedMetrics> {
  return renderExposition(await registry.metrics(), format);
}

/** Renders Prometheus text (e.g. two registries' output joined) in `format`. */
export function renderExposition(text: string, format: ExpositionFormat): RenderedMetrics {
  const fixed = text.replace(/ Nan$/gm, " NaN");
  return format === "openmetrics"
    ? { contentType: openMetricsContentType, body: toOpenMetrics(fixed) }
    : { contentType: prometheusContentType, body: fixed };
}
