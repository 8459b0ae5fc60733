import type { MetricDefinition } from "@trainwatch/catalog";
import { Counter, Gauge, type Registry } from "prom-client";

/** Writes one series of a metric during a scrape. */
export type WriteSample = (labels: Readonly<Record<string, string>>, value: number) => void;

/**
 * Registers one catalog metric on `registry` whose series `collect` writes afresh at every
 * scrape (series not written are gone, a metric without labels too, which prom-client would
 * otherwise show as 0). Producers keep plain state and pay nothing between scrapes.
 *
 * @example registerCatalogMetric(registry, gpuTemperature, (write) => write({ gpu: "0", uuid, source }, 61))
 */
export function registerCatalogMetric(
  registry: Registry,
  definition: MetricDefinition,
  collect: (write: WriteSample) => void,
): void {
  const config = {
    name: definition.name,
    help: definition.help,
    labelNames: [...definition.labelNames],
    registers: [registry],
  };
  if (definition.type === "counter") {
    new Counter({
      ...config,
      collect() {
        this.reset();
        collect((labels, value) => this.inc(labels, value));
      },
    });
  } else {
    new Gauge({
      ...config,
      collect() {
        this.reset();
        let written = false;
        collect((labels, value) => {
          written = true;
          this.set(labels, value);
        });
        if (!written && config.labelNames.length === 0) this.remove({});
      },
    });
  }
}
