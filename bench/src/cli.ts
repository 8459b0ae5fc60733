#!/usr/bin/env node
// `pnpm bench`: runs the benchmarks, prints a table, writes bench/results/latest.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { runMain } from "@trainwatch/cli-kit";
import { benchBlockedScrape } from "./blocked-scrape.js";
import { benchExposition } from "./exposition.js";
import { benchFreshness, benchStallToStop } from "./freshness.js";
import { benchHotPath } from "./hot-path.js";
import { benchMemory } from "./memory.js";
import { benchOverhead } from "./overhead.js";
import { benchPreciseOverhead } from "./precise-overhead.js";
import { benchScale } from "./scale.js";
import { benchClusterScale } from "./scale-cluster.js";
import type { Figure } from "./stats.js";
import { benchViewer } from "./viewer.js";

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

  progress("hot path: record_step vs bare prom-client");
  const hot = await benchHotPath();
  put("record_step_ns", hot.recordStep, "ns", "into shared memory; target ≤ 200 ns");
  put("record_step_bare_prom_ns", hot.bare, "ns", "the bare prom-client calls");
  results.record_step_ratio = round(hot.ratio);

  progress("exposition: /metrics render at the trainer's series, 1k and 10k");
  const expo = await benchExposition();
  put("scrape_ms_trainer", expo.trainer, "ms", `${expo.series.trainer} series; target < 1 ms`);
  put(
    "scrape_ms_trainer_training",
    expo.trainerParts.training,
    "ms",
    "its training series alone (trainwatch)",
  );
  put(
    "scrape_ms_trainer_process",
    expo.trainerParts.process,
    "ms",
    "its process metrics alone (prom-client's defaults)",
  );
  put("scrape_ms_1k", expo.ours["1k"], "ms");
  put("scrape_ms_1k_plain", expo.plain["1k"], "ms", "plain prom-client");
  put("scrape_ms_10k", expo.ours["10k"], "ms");
  put("scrape_ms_10k_plain", expo.plain["10k"], "ms", "plain prom-client");
  results.scrape_series_trainer = expo.series.trainer;
  results.render_stall_ms_10k = round(expo.stallMs10k);

  progress("memory: heap per series");
  const memory = await benchMemory();
  put(
    "heap_bytes_per_series",
    memory.heapBytesPerSeries,
    "B",
    `${memory.seriesPerRun} series per run`,
  );

  progress(
    "training overhead: 12 rounds of adjacent fits (off, hook, on), Prometheus scraping every 1 s; peak RSS",
  );
  const overhead = await benchOverhead();
  put(
    "overhead_ratio",
    overhead.ratio,
    "×",
    "examples/s on ÷ off, adjacent fits, per-step reporting, 1 s scrape; target ≥ 0.995",
  );
  put(
    "overhead_hook_ratio",
    overhead.hookRatio,
    "×",
    "an empty per-batch tfjs callback ÷ off (tfjs' own cost)",
  );
  put(
    "overhead_noise",
    overhead.noise,
    "",
    "|1 − off ÷ previous off|: two identical fits differ by this much",
  );
  put(
    "examples_per_s_on",
    overhead.examplesPerSecondOn,
    "ex/s",
    "instrumented (wasm, MLP, batch 64)",
  );
  put("examples_per_s_off", overhead.examplesPerSecondOff, "ex/s", "not instrumented");
  put(
    "trainer_rss_mb_on",
    mb(overhead.maxRssBytesOn),
    "MB",
    "peak RSS of a training process, instrumented",
  );
  put("trainer_rss_mb_off", mb(overhead.maxRssBytesOff), "MB", "peak RSS, not instrumented");
  // trainwatch's own CPU per second of training: each step recorded, one /metrics render a second
  // (on the metrics thread now: CPU the process spends, no longer time the training thread waits).
  const stepsPerSecond = overhead.examplesPerSecondOn.median / 64;
  results.overhead_cpu_bound = round(
    1 - (stepsPerSecond * hot.recordStep.median * 1e-9 + expo.trainer.median * 1e-3),
  );
  rows.push(
    `overhead_cpu_bound ${results.overhead_cpu_bound} (1 − trainwatch's CPU per training second: ${fmt(stepsPerSecond)} steps × ${fmt(hot.recordStep.median)} ns + one ${fmt(expo.trainer.median)} ms render)`,
  );
  results.overhead_scrapes = overhead.scrapes;

  progress(
    "precise overhead: instruction counts of the same fits without and with the callback, under callgrind (about 5 min)",
  );
  const precise = await benchPreciseOverhead();
  if ("skipped" in precise) rows.push(`overhead_ratio_precise: not measured (${precise.skipped})`);
  else {
    put(
      "overhead_ratio_precise",
      precise.ratio,
      "×",
      "instructions off ÷ on per fit (throughput on ÷ off), per-step reporting; goal ≥ 0.995",
    );
    results.overhead_ratio_precise_spread = round(precise.spread);
    results.instructions_per_step_off = Math.round(precise.instructionsPerStepOff);
    results.instructions_per_step_on = Math.round(precise.instructionsPerStepOn);
    rows.push(
      `overhead_ratio_precise_spread ${fmt(precise.spread * 100)} % (run-to-run; goal < 0.2 %); instructions per step ${fmt(precise.instructionsPerStepOff / 1e6)} M off, ${fmt(precise.instructionsPerStepOn / 1e6)} M on`,
    );
  }

  progress("/metrics under blocking batches: a trainer whose every batch holds its thread 2 s");
  const blocked = await benchBlockedScrape();
  results.blocked_scrape_p50_ms = round(blocked.p50Ms);
  results.blocked_scrape_p99_ms = round(blocked.p99Ms);
  rows.push(
    `blocked_scrape p50 ${fmt(blocked.p50Ms)} ms, p99 ${fmt(blocked.p99Ms)} ms, max ${fmt(blocked.latencies.max)} ms (${blocked.scrapes} scrapes of /metrics while every batch blocks ${blocked.batchSeconds} s; was seconds before the metrics thread)`,
  );

  progress("freshness on a native stack");
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
  progress("stall to stop on a native stack");
  const stallToStop = await benchStallToStop();
  results.stall_to_stop_s = round(stallToStop);
  rows.push(
    `stall_to_stop_s ${fmt(stallToStop)} s (fast alert timing: 4 s without a step, for 1 s)`,
  );
  progress(
    "scale: one Prometheus, 500 → 3000 simulated trainers at 5 s, until one level does not hold",
  );
  const scale = await benchScale();
  for (const level of scale.levels) {
    const key = `scale_${level.targets}`;
    Object.assign(results, {
      [`${key}_holds`]: level.holds ? 1 : 0,
      [`${key}_max_scrape_ms`]: round(level.maxScrapeSeconds * 1000),
      [`${key}_min_scrapes`]: level.minScrapes,
      [`${key}_interval_p99_s`]: round(level.intervalP99Seconds),
      [`${key}_prometheus_cpu_cores`]: round(level.prometheusCpuCores),
      [`${key}_prometheus_rss_mb`]: round(level.prometheusRssBytes / 2 ** 20),
      [`${key}_exporters_cpu_cores`]: round(level.exportersCpuCores),
      [`${key}_exporters_rss_mb`]: round(level.exportersRssBytes / 2 ** 20),
    });
    rows.push(
      `scale ${String(level.targets).padStart(5)} targets ${level.holds ? "holds " : "FAILS "} up ${level.up}, max scrape ${fmt(level.maxScrapeSeconds * 1000)} ms, min scrapes ${level.minScrapes}/${level.expectedScrapes}, interval p99 ${fmt(level.intervalP99Seconds)} s; Prometheus ${fmt(level.prometheusCpuCores)} cores ${fmt(level.prometheusRssBytes / 2 ** 20)} MB; exporters ${fmt(level.exportersCpuCores)} cores ${fmt(level.exportersRssBytes / 2 ** 20)} MB`,
    );
  }
  results.scale_max_targets = scale.maxTargets;
  rows.push(
    `scale_max_targets ${scale.maxTargets} (5 s interval, no missed scrape, scrapes < 1 s; target ≥ 500)`,
  );

  progress(
    "cluster: Thanos Query vs one Prometheus on the overview's queries (500 trainers), then 2 agents → Thanos receive ×2 at 1000 → 4000 trainers until one level does not hold",
  );
  const cluster = await benchClusterScale();
  put(
    "cluster_overview_query_ms",
    cluster.latency.query,
    "ms",
    `the training overview's ${cluster.latency.queries} queries over 30 min, through Thanos Query, ${cluster.latency.targets} trainers`,
  );
  put(
    "cluster_overview_prometheus_ms",
    cluster.latency.prometheus,
    "ms",
    "the same queries on one Prometheus scraping the same trainers",
  );
  results.cluster_overview_query_ratio = round(
    cluster.latency.query.median / cluster.latency.prometheus.median,
  );
  for (const level of cluster.levels) {
    const key = `cluster_scale_${level.targets}`;
    Object.assign(results, {
      [`${key}_holds`]: level.holds ? 1 : 0,
      [`${key}_samples_per_s`]: round(level.samplesPerSecond),
      [`${key}_min_scrapes`]: level.minScrapes,
      [`${key}_short_targets`]: level.shortTargets,
      [`${key}_max_scrape_ms`]: round(level.maxScrapeSeconds * 1000),
      [`${key}_interval_p99_s`]: round(level.intervalP99Seconds),
      [`${key}_samples_failed`]: level.samplesFailed,
      [`${key}_lag_s`]: round(level.lagSeconds),
      [`${key}_agents_cpu_cores`]: round(level.agentsCpuCores),
      [`${key}_store_cpu_cores`]: round(level.storeCpuCores),
      [`${key}_store_rss_mb`]: round(level.storeRssBytes / 2 ** 20),
      [`${key}_machine_busy_cores`]: round(level.machineBusyCores),
    });
    const resources = `agents ${fmt(level.agentsCpuCores)} cores; store ${fmt(level.storeCpuCores)} cores ${fmt(level.storeRssBytes / 2 ** 20)} MB; machine ${fmt(level.machineBusyCores)} of ${availableParallelism()} cores busy`;
    rows.push(
      level.notUp
        ? `cluster ${String(level.targets).padStart(5)} targets FAILS  ${level.notUp}: up ${level.up}; last minute: ${fmt(level.samplesPerSecond)} samples/s remote-written, lag ${fmt(level.lagSeconds)} s; ${resources}`
        : `cluster ${String(level.targets).padStart(5)} targets ${level.holds ? "holds " : "FAILS "} up ${level.up}, min scrapes ${level.minScrapes}/${level.expectedScrapes} (${level.shortTargets} targets short), max scrape ${fmt(level.maxScrapeSeconds * 1000)} ms, interval p99 ${fmt(level.intervalP99Seconds)} s, ${fmt(level.samplesPerSecond)} samples/s remote-written (${level.samplesFailed} failed or dropped), lag ${fmt(level.lagSeconds)} s; ${resources}`,
    );
  }
  results.cluster_scale_max_targets = cluster.maxTargets;
  rows.push(
    `cluster_scale_max_targets ${cluster.maxTargets} (5 s interval, every sample at Query, remote-write lag < 10 s; goal ≥ one Prometheus's ${scale.maxTargets})`,
  );

  progress(
    "dashboard viewer: first render and refresh in headless Chromium, 30 min of two workers",
  );
  const viewer = await benchViewer();
  if ("skipped" in viewer) rows.push(`viewer: not measured (${viewer.skipped})`);
  else {
    put(
      "viewer_first_render_ms",
      viewer.firstRenderMs,
      "ms",
      `page load → every panel drawn, overview, ${viewer.series} legend series; goal < 1000 ms`,
    );
    put(
      "viewer_refresh_ms",
      viewer.refreshMs,
      "ms",
      "main-thread time of one refresh; goal < 50 ms",
    );
  }

  const gpuFile = `${resultsDir}gpu-sampling.json`;
  if (existsSync(gpuFile)) {
    const gpu = JSON.parse(readFileSync(gpuFile, "utf8")) as Record<string, number | string>;
    for (const [key, value] of Object.entries(gpu))
      if (key !== "date") results[key] = typeof value === "number" ? round(value) : value;
    rows.push(
      `gpu_sample_us_nvml ${fmt(Number(gpu.gpu_sample_us_nvml))} µs, gpu_sample_us_smi ${fmt(Number(gpu.gpu_sample_us_smi))} µs per sample per GPU (${gpu.gpu_sample_source}, measured ${gpu.date})`,
    );
  } else
    rows.push(
      "gpu sampling: no bench/results/gpu-sampling.json (run `pnpm bench`, which runs the collector's first)",
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

function progress(section: string): void {
  console.log(`… ${section}`);
}
function mb(f: Figure): Figure {
  return { median: f.median / 2 ** 20, min: f.min / 2 ** 20, max: f.max / 2 ** 20 };
}
function round(value: number): number {
  return Number(value.toPrecision(4));
}
function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
