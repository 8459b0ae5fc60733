import type { Document } from "yaml";

/** Where Prometheus' OTLP receiver takes metrics (with `--web.enable-otlp-receiver`). */
export const otlpPath = "/api/v1/otlp/v1/metrics";

/** The flag that opens Prometheus' OTLP receiver. */
export const otlpReceiverFlag = "--web.enable-otlp-receiver";

/**
 * The first Prometheus release trainwatch's OTLP settings work on: pushed step durations are
 * exponential histograms, stored as native histograms, which 3.8 made stable.
 */
export const otlpReceiverSince = "3.8";

/**
 * Sets up a parsed prometheus.yml for trainers that push with OTLP:
 *
 * - `job` and `instance` come from the resource's `service.name` and `service.instance.id` (what
 *   the trainer sets to its job and to the address it serves at); `task`, a resource attribute
 *   too, is promoted to a label, so pushed series carry the labels scraped ones do;
 * - names are kept as sent (`UnderscoreEscapingWithoutSuffixes`): the trainer sends Prometheus'
 *   own names, units and `_total` included, which the default strategy would suffix again;
 * - an out-of-order window, as Prometheus' OTLP guide advises: pushes are retried and batched,
 *   so a sample may arrive after a newer one of its series.
 */
export function enableOtlpReceiver(document: Document, outOfOrderWindow = "30m"): void {
  document.set("otlp", {
    promote_resource_attributes: ["task"],
    translation_strategy: "UnderscoreEscapingWithoutSuffixes",
  });
  document.setIn(["storage", "tsdb", "out_of_order_time_window"], outOfOrderWindow);
}
