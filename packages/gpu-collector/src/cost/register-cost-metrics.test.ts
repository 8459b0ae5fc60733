import { createLogger } from "@trainwatch/cli-kit";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { GpuReading } from "../gpu-reading.js";
import type { GpuSource } from "../gpu-source.js";
import { startGpuSampler } from "../start-gpu-sampler.js";
import { type CostConfig, noCost } from "./read-cost-config.js";
import { registerCostMetrics } from "./register-cost-metrics.js";

const gpu = (index: number, name: string): GpuReading => ({
  index,
  uuid: `GPU-${index}`,
  name,
  driverVersion: "590.48.01",
  pciBusId: "p",
  processes: [],
});
const source: GpuSource = {
  name: "replay",
  read: async () => [gpu(0, "NVIDIA H100 80GB HBM3"), gpu(1, "NVIDIA L4")],
  close: async () => {},
};

async function render(cost: CostConfig): Promise<string[]> {
  const registry = new Registry();
  const sampler = await startGpuSampler({
    source,
    intervalMs: 60_000,
    logger: createLogger("t", () => {}),
  });
  registerCostMetrics(registry, sampler, cost);
  await sampler.close();
  return (await registry.metrics()).split("\n").filter((l) => l !== "" && !l.startsWith("#"));
}

describe("registerCostMetrics", () => {
  it("prices each GPU whose model is priced, per second, and the grid per joule", async () => {
    expect(
      await render({ gpuHourDollars: { "NVIDIA H100 80GB HBM3": 3.6 }, gridGramsPerKwh: 360 }),
    ).toEqual([
      'gpu_price_dollars_per_second{gpu="0",uuid="GPU-0",source="replay"} 0.001',
      "grid_carbon_intensity_grams_per_joule 0.0001",
    ]);
  });

  it("adds no series for an empty configuration", async () => {
    expect(await render(noCost)).toEqual([]);
  });
});
