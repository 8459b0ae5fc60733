import { existsSync, readFileSync } from "node:fs";
import { defineBenchmark, fmt, round } from "./benchmark.js";

/**
 * The GPU collector's sampling cost, measured by its own benchmark (`pnpm bench` runs it first)
 * into `file`: read back here so results/latest.json holds every figure.
 */
export function gpuSamplingBenchmark(file: string) {
  return defineBenchmark({
    title: "GPU sampling: the collector's own benchmark, read back",
    run: async () =>
      existsSync(file)
        ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, number | string>)
        : undefined,
    report(gpu, out) {
      if (!gpu) {
        out.row(
          "gpu sampling: no bench/results/gpu-sampling.json (run `pnpm bench`, which runs the collector's first)",
        );
        return;
      }
      for (const [key, value] of Object.entries(gpu))
        if (key !== "date") out.value(key, typeof value === "number" ? round(value) : value);
      out.row(
        `gpu_sample_us_nvml ${fmt(Number(gpu.gpu_sample_us_nvml))} µs, gpu_sample_us_smi ${fmt(Number(gpu.gpu_sample_us_smi))} µs per sample per GPU (${gpu.gpu_sample_source}, measured ${gpu.date})`,
      );
    },
  });
}
