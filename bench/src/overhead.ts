import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { queryPrometheus } from "@trainwatch/harness";
import { startPrometheus } from "@trainwatch/native-services";
import { execa } from "execa";
import getPort from "get-port";
import { defineBenchmark, fmt, mebibytes, round } from "./benchmark.js";
import { type Figure, figure, interleave } from "./stats.js";

const child = fileURLToPath(new URL("./train-once-main.js", import.meta.url));

type Modes = Record<"off" | "hook" | "on", number[]>;

/** What instrumentation costs a training run: examples/s and peak RSS, off vs on. */
export interface Overhead {
  /** examples/s with instrumentation on ÷ off, per round of adjacent fits in one process. */
  readonly ratio: Figure;
  /** examples/s with only an empty per-batch callback ÷ off: tfjs' own cost of any step hook. */
  readonly hookRatio: Figure;
  /** |1 − off ÷ the previous round's off|: how much two identical fits differ here. */
  readonly noise: Figure;
  readonly examplesPerSecondOn: Figure;
  readonly examplesPerSecondOff: Figure;
  readonly maxRssBytesOn: Figure;
  readonly maxRssBytesOff: Figure;
  /** Successful scrapes Prometheus made of the instrumented fits (proof it was watching). */
  readonly scrapes: number;
}

const ratios = (a: number[], b: number[]) => a.map((value, i) => value / (b[i] as number));

/**
 * The same tfjs training (wasm backend, seed, data), instrumentation off vs on at per-step
 * reporting with a real Prometheus scraping /metrics every second: `rounds` rounds of adjacent
 * one-epoch fits in one process (off, hook, on), then peak RSS of whole processes, off vs on.
 */
export async function benchOverhead({
  rounds = 12,
  trainSize = 4000,
  rssRounds = 3,
} = {}): Promise<Overhead> {
  const dir = mkdtempSync(join(tmpdir(), "trainwatch-bench-overhead-"));
  const port = await getPort({ host: "127.0.0.1" });
  const configFile = join(dir, "prometheus.yml");
  writeFileSync(
    configFile,
    `scrape_configs:\n  - job_name: bench_overhead\n    scrape_interval: 1s\n    scrape_timeout: 1s\n    honor_labels: true\n    static_configs: [{ targets: ["127.0.0.1:${port}"] }]\n`,
  );
  const prometheus = await startPrometheus({ configFile, dir });
  const lastJson = <T>(stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as T;
  const node = async (...args: (string | number)[]) =>
    (await execa("node", [child, ...args.map(String)])).stdout;
  try {
    const { perSecond } = lastJson<{ perSecond: Modes }>(
      await node("alternate", rounds, port, 1, trainSize),
    );
    const rss = (mode: "off" | "on") => async () =>
      lastJson<{ maxRssBytes: number }>(await node("rss", mode, port, 1, trainSize)).maxRssBytes;
    const [rssOff, rssOn] = await interleave(rssRounds, rss("off"), rss("on"));
    const [scraped] = await queryPrometheus(
      prometheus.url,
      'sum_over_time(up{job="bench_overhead"}[1h])',
    );
    return {
      ratio: figure(ratios(perSecond.on, perSecond.off)),
      hookRatio: figure(ratios(perSecond.hook, perSecond.off)),
      noise: figure(ratios(perSecond.off.slice(1), perSecond.off).map((r) => Math.abs(1 - r))),
      examplesPerSecondOn: figure(perSecond.on),
      examplesPerSecondOff: figure(perSecond.off),
      maxRssBytesOn: figure(rssOn),
      maxRssBytesOff: figure(rssOff),
      scrapes: scraped?.value ?? 0,
    };
  } finally {
    await prometheus.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What instrumenting costs a training run: throughput and memory, on and off, adjacent fits. */
export const overheadBenchmark = defineBenchmark({
  title:
    "training overhead: 12 rounds of adjacent fits (off, hook, on), Prometheus scraping every 1 s; peak RSS",
  run: () => benchOverhead(),
  report(overhead, out) {
    out.figure(
      "overhead_ratio",
      overhead.ratio,
      "×",
      "examples/s on ÷ off, adjacent fits, per-step reporting, 1 s scrape; target ≥ 0.995",
    );
    out.figure(
      "overhead_hook_ratio",
      overhead.hookRatio,
      "×",
      "an empty per-batch tfjs callback ÷ off (tfjs' own cost)",
    );
    out.figure(
      "overhead_noise",
      overhead.noise,
      "",
      "|1 − off ÷ previous off|: two identical fits differ by this much",
    );
    out.figure(
      "examples_per_s_on",
      overhead.examplesPerSecondOn,
      "ex/s",
      "instrumented (wasm, MLP, batch 64)",
    );
    out.figure("examples_per_s_off", overhead.examplesPerSecondOff, "ex/s", "not instrumented");
    out.figure(
      "trainer_rss_mb_on",
      mebibytes(overhead.maxRssBytesOn),
      "MB",
      "peak RSS of a training process, instrumented",
    );
    out.figure(
      "trainer_rss_mb_off",
      mebibytes(overhead.maxRssBytesOff),
      "MB",
      "peak RSS, not instrumented",
    );
    // trainwatch's own CPU per second of training: each step recorded, one /metrics render a
    // second (on the metrics thread: CPU the process spends, not time the training thread waits).
    const recordStepNs = out.earlier("record_step_ns");
    const renderMs = out.earlier("scrape_ms_trainer");
    if (recordStepNs !== undefined && renderMs !== undefined) {
      const stepsPerSecond = overhead.examplesPerSecondOn.median / 64;
      const bound = round(1 - (stepsPerSecond * recordStepNs * 1e-9 + renderMs * 1e-3));
      out.value("overhead_cpu_bound", bound);
      out.row(
        `overhead_cpu_bound ${bound} (1 − trainwatch's CPU per training second: ${fmt(stepsPerSecond)} steps × ${fmt(recordStepNs)} ns + one ${fmt(renderMs)} ms render)`,
      );
    }
    out.value("overhead_scrapes", overhead.scrapes);
  },
});
