#!/usr/bin/env node
// `pnpm bench [name…] [--soak-minutes N]`: runs every benchmark (or those named) in order, prints
// a table, writes bench/results/latest.json (bench/results/<names>.json when some are named).
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runMain, TrainwatchError } from "@trainwatch/cli-kit";
import { ownProcessesUnder } from "@trainwatch/harness";
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
import { soakBenchmark, soakMinutes } from "./soak.js";
import { viewerBenchmark } from "./viewer.js";

const resultsDir = fileURLToPath(new URL("../results/", import.meta.url));

const argv = process.argv.slice(2);

/**
 * In order: a later one may report with an earlier one's figures (`Report.earlier`). Each has a
 * name: `pnpm bench soak` runs that one alone.
 */
const benchmarks = (): readonly (readonly [string, RunnableBenchmark])[] => [
  ["hot-path", hotPathBenchmark],
  ["exposition", expositionBenchmark],
  ["memory", memoryBenchmark],
  ["overhead", overheadBenchmark],
  ["norms", normsBenchmark],
  ["precise-overhead", preciseOverheadBenchmark],
  ["blocked-scrape", blockedScrapeBenchmark],
  ["freshness", freshnessBenchmark],
  ["stall-to-stop", stallToStopBenchmark],
  ["scale", scaleBenchmark],
  ["cluster-scale", clusterScaleBenchmark],
  ["viewer", viewerBenchmark],
  ["gpu-sampling", gpuSamplingBenchmark(`${resultsDir}gpu-sampling.json`)],
  ["soak", soakBenchmark(soakMinutes(argv))],
];

/** Processes whose command line names a temporary folder of trainwatch's (where benches start theirs). */
const ownTemporary = () => ownProcessesUnder(join(tmpdir(), "trainwatch-"));

await runMain("trainwatch bench", async () => {
  const all = benchmarks();
  const before = new Set(ownTemporary());
  const results: Record<string, number | string> = {
    date: new Date().toISOString(),
    node: process.version,
  };
  const rows: string[] = [];
  const report = createReport(results, rows);
  const chosen = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--soak-minutes");
  const unknown = chosen.filter((name) => !all.some(([n]) => n === name));
  if (unknown.length > 0)
    throw new TrainwatchError(
      "usage",
      `no benchmark named ${unknown.join(", ")}: choose among ${all.map(([n]) => n).join(", ")}`,
    );
  for (const [name, benchmark] of all) {
    if (chosen.length > 0 && !chosen.includes(name)) continue;
    console.log(`… ${benchmark.title}`);
    await benchmark.measure(report);
  }
  console.log(
    [`trainwatch benchmarks (${results.date}, node ${process.version})`, ...rows].join("\n"),
  );
  mkdirSync(resultsDir, { recursive: true });
  // A partial run keeps the full run's latest.json.
  const file = `${resultsDir}${chosen.length > 0 ? chosen.join("-") : "latest"}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${file}`);
  // Every benchmark stops what it started, on failure too: anything left is a bug, named here.
  const left = ownTemporary().filter((p) => !before.has(p));
  if (left.length > 0) {
    console.error(
      `FAILED: the benchmarks left ${left.length} process(es) running:\n  ${left.join("\n  ")}`,
    );
    return 1;
  }
  console.log("no process of the benchmarks' own is left running");
  return 0;
});
