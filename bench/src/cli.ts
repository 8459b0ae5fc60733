#!/usr/bin/env node
// `pnpm bench`: runs the benchmarks, prints a table, writes bench/results/latest.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runMain } from "@trainwatch/cli-kit";
import { benchExposition } from "./exposition.js";
import { benchFreshness, benchStallToStop } from "./freshness.js";
import { benchHotPath } from "./hot-path.js";
import { benchMemory } from "./memory.js";
import type { Figure } from "./stats.js";

const resultsDir = fileURLToPath(new URL("../results/", import.meta.url));

await runMain("trainwatch bench", async () => {
  const results: Record<string, number | string> = {
    date: new Date().toISOString(),
    node: process.version,
  };
  const rows: string[] = [];
  const put = (key: string, f: Figure, unit: string, note = "") => {
    Object.assign(results, {
      [key]: round(f.median),
      [`${key}_min`]: round(f.min),
      [`${key}_max`]: round(f.max),
    });
    rows.push(
      `${key.padEnd(28)} ${fmt(f.median).padStart(10)} ${unit.padEnd(6)} (${fmt(f.min)}–${fmt(f.max)}) ${note}`,
    );
  };

  const hot = await benchHotPath();
  put("record_step_ns", hot.recordStep, "ns", "target < 2000 ns");
  put("record_step_bare_prom_ns", hot.bare, "ns", "the bare prom-client calls");
  results.record_step_ratio = round(hot.ratio);

  const expo = await benchExposition();
  put("scrape_ms_trainer", expo.trainer, "ms", `${expo.series.trainer} series; target < 1 ms`);
  put("scrape_ms_1k", expo.ours["1k"], "ms");
  put("scrape_ms_1k_plain", expo.plain["1k"], "ms", "plain prom-client");
  put("scrape_ms_10k", expo.ours["10k"], "ms");
  put("scrape_ms_10k_plain", expo.plain["10k"], "ms", "plain prom-client");
  results.scrape_series_trainer = expo.series.trainer;
  results.render_stall_ms_10k = round(expo.stallMs10k);

  const memory = await benchMemory();
  put(
    "heap_bytes_per_series",
    memory.heapBytesPerSeries,
    "B",
    `${memory.seriesPerRun} series per run`,
  );

  const freshness = await benchFreshness();
  put(
    "freshness_ms",
    freshness.all,
    "ms",
    "step seen on /metrics → returned by Prometheus, 1 s scrape",
  );
  results.freshness_p50_ms = round(freshness.p50);
  results.freshness_p95_ms = round(freshness.p95);
  rows.push(
    `freshness p50 ${fmt(freshness.p50)} ms, p95 ${fmt(freshness.p95)} ms (target p95 ≤ 1500 ms)`,
  );
  const stallToStop = await benchStallToStop();
  results.stall_to_stop_s = round(stallToStop);
  rows.push(
    `stall_to_stop_s ${fmt(stallToStop)} s (fast alert timing: 4 s without a step, for 1 s)`,
  );
  console.log(
    [
      `trainwatch benchmarks (${results.date}, node ${process.version})`,
      ...rows,
      `record_step_ratio ${results.record_step_ratio} (ours ÷ bare)`,
      `render_stall_ms_10k ${results.render_stall_ms_10k} (longest event-loop stall while rendering 10k series)`,
    ].join("\n"),
  );
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${resultsDir}latest.json`);
  return 0;
});

function round(value: number): number {
  return Number(value.toPrecision(4));
}
function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
