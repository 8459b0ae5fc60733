import { defineMetric } from "./define-metric.js";
import { gpuLabels } from "./gpu-metrics.js";

export const gpuPrice = defineMetric({
  name: "gpu_price_dollars_per_second",
  type: "gauge",
  unit: "",
  help: "What a second of this GPU costs: its model's dollars per GPU-hour in the cost configuration (cost.yml), divided by 3600; no series for a model it does not price.",
  labelNames: gpuLabels,
});

export const gridCarbonIntensity = defineMetric({
  name: "grid_carbon_intensity_grams_per_joule",
  type: "gauge",
  unit: "",
  help: "Grams of CO2e the grid emits per joule used: the cost configuration's grams per kWh (cost.yml), divided by 3.6e6; no series when it sets none.",
  labelNames: [],
});

/** What the configured prices and grid intensity say, for the cost and carbon of each run. */
export const costMetrics = [gpuPrice, gridCarbonIntensity] as const;
