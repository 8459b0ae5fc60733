import { gpuPrice, gridCarbonIntensity } from "@trainwatch/catalog";
import { registerCatalogMetric } from "@trainwatch/exporter";
import type { Registry } from "prom-client";
import type { GpuSampler } from "../start-gpu-sampler.js";
import type { CostConfig } from "./read-cost-config.js";

const secondsPerHour = 3600;
const joulesPerKwh = 3.6e6;

/**
 * Registers what `cost` says in base units: each read GPU's price per second, where its model is
 * priced, and the grid's grams of CO2e per joule, where set. An empty configuration adds no
 * series, and the rules' cost and carbon stay empty.
 */
export function registerCostMetrics(
  registry: Registry,
  sampler: GpuSampler,
  cost: CostConfig,
): void {
  const source = sampler.source.name;
  registerCatalogMetric(registry, gpuPrice, (write) => {
    for (const r of sampler.state.readings) {
      const dollars = cost.gpuHourDollars[r.name];
      if (dollars !== undefined)
        write({ gpu: String(r.index), uuid: r.uuid, source }, dollars / secondsPerHour);
    }
  });
  registerCatalogMetric(registry, gridCarbonIntensity, (write) => {
    if (cost.gridGramsPerKwh !== undefined) write({}, cost.gridGramsPerKwh / joulesPerKwh);
  });
}
