// Benchmark, not a test: CPU time of one GPU sample per GPU for each source, side by side in
// one run and interleaved (A B A B …), since these machines are noisy. Here the sources read
// fakes (a gcc-built libnvidia-ml and a Node nvidia-smi answering from real captures); on a
// machine with a GPU, set BENCH_REAL_GPU=1 to read the real NVML and nvidia-smi instead.
//   pnpm --filter @trainwatch/gpu-collector bench
// Its figures also go to the repository's bench/results/gpu-sampling.json, which `pnpm bench`
// (run after this one) adds to bench/results/latest.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { it } from "vitest";
import type { GpuSource } from "../src/gpu-source.js";
import { createNvidiaSmiSource } from "../src/nvidia-smi/create-nvidia-smi-source.js";
import { createNvmlSource } from "../src/nvml/create-nvml-source.js";
import { buildFakeNvml, captures, installFakeNvidiaSmi } from "../test-support/fake-gpus.js";

const real = process.env.BENCH_REAL_GPU === "1";
const clockTicks = 100; // USER_HZ on Linux

/** CPU seconds of this process and of its reaped children (nvidia-smi runs as a child). */
function cpuSeconds(): number {
  const self = process.cpuUsage();
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
  const children = (Number(fields[13]) + Number(fields[14])) / clockTicks; // cutime, cstime
  return (self.user + self.system) / 1e6 + children;
}

async function measure(
  source: GpuSource,
  reads: number,
): Promise<{ cpuUs: number; wallUs: number; gpus: number }> {
  let gpus = 0;
  const cpu = cpuSeconds();
  const wall = performance.now();
  for (let i = 0; i < reads; i++) gpus = (await source.read(AbortSignal.timeout(10_000))).length;
  return {
    cpuUs: ((cpuSeconds() - cpu) * 1e6) / reads / gpus,
    wallUs: ((performance.now() - wall) * 1e3) / reads,
    gpus,
  };
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] as number,
    min: sorted[0] as number,
    max: sorted.at(-1) as number,
  };
};

it("measures the CPU cost of one sample per GPU, NVML vs nvidia-smi", {
  timeout: 600_000,
}, async () => {
  const gpuCount = Number(process.env.BENCH_GPUS ?? 8);
  const h100 = captures.find((c) => c.name.includes("h100-80gb-hbm3") && c.name.endsWith("load"));
  if (!real) {
    process.env.FAKE_NVML_GPUS = String(gpuCount);
    process.env.FAKE_SMI_GPU_CAPTURES = Array(gpuCount).fill(h100?.gpu).join(",");
    process.env.FAKE_SMI_APPS_CAPTURES = h100?.apps ?? "";
  }
  const nvml = await createNvmlSource(real ? {} : { libraryPath: buildFakeNvml() });
  const smi = createNvidiaSmiSource(real ? {} : { binary: `${installFakeNvidiaSmi()}/nvidia-smi` });
  await measure(nvml, 50); // warm-up
  await measure(smi, 3);
  const results: Record<string, { cpuUs: number[]; wallUs: number[] }> = {
    nvml: { cpuUs: [], wallUs: [] },
    "nvidia-smi": { cpuUs: [], wallUs: [] },
  };
  for (let round = 0; round < 7; round++) {
    for (const [name, source, reads] of [
      ["nvml", nvml, 200],
      ["nvidia-smi", smi, 10],
    ] as const) {
      const { cpuUs, wallUs } = await measure(source, reads);
      results[name]?.cpuUs.push(cpuUs);
      results[name]?.wallUs.push(wallUs);
    }
  }
  await nvml.close();
  const nvmlCpu = stats(results.nvml?.cpuUs ?? []);
  const smiCpu = stats(results["nvidia-smi"]?.cpuUs ?? []);
  const row = (name: string, cpu: ReturnType<typeof stats>, wall: ReturnType<typeof stats>) =>
    `${name.padEnd(12)} ${cpu.median.toFixed(0).padStart(9)} µs ${`(${cpu.min.toFixed(0)}–${cpu.max.toFixed(0)})`.padEnd(16)} ${(wall.median / 1000).toFixed(2).padStart(9)} ms`;
  console.log(
    [
      `GPU sampling cost, ${real ? "real GPUs" : `fakes, ${gpuCount} GPUs`}, 7 interleaved rounds (median, min–max):`,
      `${"source".padEnd(12)} ${"CPU/sample/GPU".padStart(12)} ${"".padEnd(16)} ${"wall/sample".padStart(12)}`,
      row("nvml", nvmlCpu, stats(results.nvml?.wallUs ?? [])),
      row("nvidia-smi", smiCpu, stats(results["nvidia-smi"]?.wallUs ?? [])),
      `ratio nvidia-smi / nvml CPU: ${(smiCpu.median / nvmlCpu.median).toFixed(0)}×`,
    ].join("\n"),
  );
  const resultsDir = new URL("../../../bench/results/", import.meta.url);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    new URL("gpu-sampling.json", resultsDir),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        gpu_sample_source: real ? "real GPUs" : `fakes, ${gpuCount} GPUs`,
        gpu_sample_us_nvml: nvmlCpu.median,
        gpu_sample_us_nvml_min: nvmlCpu.min,
        gpu_sample_us_nvml_max: nvmlCpu.max,
        gpu_sample_us_smi: smiCpu.median,
        gpu_sample_us_smi_min: smiCpu.min,
        gpu_sample_us_smi_max: smiCpu.max,
        gpu_sample_ratio_smi_nvml: smiCpu.median / nvmlCpu.median,
      },
      null,
      2,
    )}\n`,
  );
});
