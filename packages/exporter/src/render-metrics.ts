import type { Registry } from "prom-client";
import {
  type MetricFamilyJson,
  protobufContentType,
  toProtobuf,
} from "./exposition/to-protobuf.js";
import { openMetricsContentType, toOpenMetrics } from "./to-open-metrics.js";

/** The text exposition formats trainwatch serves and pushes. */
export type ExpositionFormat = "prometheus" | "openmetrics";

/** What `/metrics` answers in: a text format, or Prometheus' protobuf (native histograms). */
export type ScrapeFormat = ExpositionFormat | "protobuf";

/** A rendered text exposition, ready for a response or a push. */
export interface RenderedMetrics {
  readonly contentType: string;
  readonly body: string;
}

/** A rendered scrape answer: text, or protobuf bytes. */
export type RenderedScrape =
  | RenderedMetrics
  | { readonly contentType: string; readonly body: Uint8Array };

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

/** Renders families (a registry's `getMetricsAsJSON()`, possibly several joined) as protobuf. */
export function renderProtobuf(families: readonly MetricFamilyJson[]): RenderedScrape {
  return { contentType: protobufContentType, body: toProtobuf(families) };
}

/** Renders a registry for a scrape in any format `/metrics` answers in. */
export async function renderScrape(
  registry: Registry,
  format: ScrapeFormat,
): Promise<RenderedScrape> {
  return format === "protobuf"
    ? renderProtobuf((await registry.getMetricsAsJSON()) as unknown as MetricFamilyJson[])
    : renderMetrics(registry, format);
}
