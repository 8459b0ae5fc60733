#!/usr/bin/env node
// `pnpm bench`: runs every benchmark in order, prints a table, writes bench/results/latest.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runMain } from "@trainwatch/cli-kit";
import { createReport, type RunnableBenchmark } from "./benchmark.js";
import { blockedScrapeBenchmark } from "./blocked-scrape.js";
import { clusterScaleBenchmark } from "./cluster/scale-cluster.js";
import { expositionBenchmark } from "./exposition.js";
import { freshnessBenchmark, stallToStopBenchmark } from "./freshness.js";
import { gpuSamplingBenchmark } from "./gpu-sampling.js";
import { hotPathBenchmark } from "./hot-path.js";
import { memoryBenchmark } from "./memory.js";
import { normsBenchmark } from "./norms.js";
import { overheadBenchmark } from "./overhead.js";
import { preciseOverheadBenchmark } from "./precise-overhead.js";
import { scaleBenchmark } from "./scale.js";
import { viewerBenchmark } from "./viewer.js";

const resultsDir = fileURLToPath(new URL("../results/", import.meta.url));

/** In order: a later one may report with an earlier one's figures (`Report.earlier`). */
const benchmarks: readonly RunnableBenchmark[] = [
  hotPathBenchmark,
  expositionBenchmark,
  memoryBenchmark,
  overheadBenchmark,
  normsBenchmark,
  preciseOverheadBenchmark,
  blockedScrapeBenchmark,
  freshnessBenchmark,
  stallToStopBenchmark,
  scaleBenchmark,
  clusterScaleBenchmark,
  viewerBenchmark,
  gpuSamplingBenchmark(`${resultsDir}gpu-sampling.json`),
];

await runMain("trainwatch bench", async () => {
  const results: Record<string, number | string> = {
    date: new Date().toISOString(),
    node: process.version,
  };
  const rows: string[] = [];
  const report = createReport(results, rows);
  for (const benchmark of benchmarks) {
    console.log(`… ${benchmark.title}`);
    await benchmark.measure(report);
  }
  console.log(
    [`trainwatch benchmarks (${results.date}, node ${process.version})`, ...rows].join("\n"),
  );
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${resultsDir}latest.json`);
  return 0;
});
