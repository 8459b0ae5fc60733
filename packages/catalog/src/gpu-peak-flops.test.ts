import { describe, expect, it } from "vitest";
import { gpuPeakFlops } from "./gpu-peak-flops.js";

describe("gpuPeakFlops", () => {
  it("lists each model once, with a peak between 1 and 200 TFLOP/s", () => {
    const names = gpuPeakFlops.map((g) => g.name);
    expect(new Set(names).size).toBe(names.length);
    for (const g of gpuPeakFlops) expect(g.fp32FlopsPerSecond / 1e12, g.name).toBeGreaterThan(1);
    for (const g of gpuPeakFlops) expect(g.fp32FlopsPerSecond / 1e12, g.name).toBeLessThan(200);
  });

  it("knows the GPUs of the recorded nvidia-smi captures by the names they report", () => {
    // shared/fixtures/nvidia-smi: the `name` column of each capture
    for (const name of [
      "NVIDIA H100 80GB HBM3",
      "NVIDIA H200",
      "NVIDIA GeForce RTX 4080 SUPER",
      "NVIDIA GeForce RTX 2080 SUPER",
    ]) {
      expect(gpuPeakFlops.find((g) => g.name === name)?.name, name).toBe(name);
    }
  });
});
