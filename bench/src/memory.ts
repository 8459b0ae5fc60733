import { createTrainingRecorder } from "@trainwatch/exporter";
import { Registry } from "prom-client";
import { defineBenchmark } from "./benchmark.js";
import { type Figure, figure } from "./stats.js";

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap bytes per exported series: recorders (one run each) with their series, over the baseline. */
export async function benchMemory(): Promise<{ heapBytesPerSeries: Figure; seriesPerRun: number }> {
  if (!gc) throw new Error("run with node --expose-gc (pnpm bench does)");
  const runs = 500;
  const samples: number[] = [];
  let seriesPerRun = 0;
  for (let round = 0; round < 5; round++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const registries: Registry[] = [];
    for (let i = 0; i < runs; i++) {
      const registry = new Registry();
      const recorder = createTrainingRecorder({ registry, job: "bench", task: `worker-${i}` });
      recorder.setStatus("running");
      recorder.recordStep({ loss: 1, accuracy: 0.5, examples: 64, durationSeconds: 0.01 });
      recorder.recordEpoch({ epoch: 1, validationLoss: 1, validationAccuracy: 0.5 });
      registries.push(registry);
    }
    // Render once: prom-client builds series objects at scrape time.
    const texts = await Promise.all(registries.map((r) => r.metrics()));
    seriesPerRun = (texts[0] ?? "")
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("#")).length;
    gc();
    samples.push((process.memoryUsage().heapUsed - before) / (runs * seriesPerRun));
    registries.length = 0;
  }
  return { heapBytesPerSeries: figure(samples), seriesPerRun };
}

/** Heap bytes a run's series cost. */
export const memoryBenchmark = defineBenchmark({
  title: "memory: heap per series",
  run: benchMemory,
  report(memory, out) {
    out.figure(
      "heap_bytes_per_series",
      memory.heapBytesPerSeries,
      "B",
      `${memory.seriesPerRun} series per run`,
    );
  },
});
