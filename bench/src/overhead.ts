import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { queryPrometheus } from "@trainwatch/e2e";
import { startPrometheus } from "@trainwatch/native-services";
import { execa } from "execa";
import getPort from "get-port";
import { type Figure, figure, interleave } from "./stats.js";

const child = fileURLToPath(new URL("./train-once-main.js", import.meta.url));

interface RunResult {
  readonly examplesPerSecond: number;
  readonly maxRssBytes: number;
}

/** What instrumentation costs a training run: examples/s and peak RSS, off vs on. */
export interface Overhead {
  /** examples/s with instrumentation on ÷ off, per interleaved pair. */
  readonly ratio: Figure;
  readonly examplesPerSecondOn: Figure;
  readonly examplesPerSecondOff: Figure;
  readonly maxRssBytesOn: Figure;
  readonly maxRssBytesOff: Figure;
  /** Successful scrapes Prometheus made of the instrumented runs (proof it was watching). */
  readonly scrapes: number;
}

/**
 * The same tfjs training run (wasm backend, seed, data), instrumentation off vs on at per-step
 * reporting with a real Prometheus scraping /metrics every second; `rounds` interleaved pairs of
 * fresh processes.
 */
export async function benchOverhead({
  rounds = 5,
  epochs = 3,
  trainSize = 4000,
} = {}): Promise<Overhead> {
  const dir = mkdtempSync(join(tmpdir(), "trainwatch-bench-overhead-"));
  const port = await getPort({ host: "127.0.0.1" });
  const configFile = join(dir, "prometheus.yml");
  writeFileSync(
    configFile,
    `scrape_configs:\n  - job_name: bench_overhead\n    scrape_interval: 1s\n    scrape_timeout: 1s\n    honor_labels: true\n    static_configs: [{ targets: ["127.0.0.1:${port}"] }]\n`,
  );
  const prometheus = await startPrometheus({ configFile, dir });
  try {
    const run = async (mode: "off" | "on"): Promise<RunResult> => {
      const { stdout } = await execa("node", [
        child,
        mode,
        String(port),
        String(epochs),
        String(trainSize),
      ]);
      return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as RunResult;
    };
    const off: RunResult[] = [];
    const on: RunResult[] = [];
    await interleave(
      rounds,
      async () => {
        off.push(await run("off"));
        return 0;
      },
      async () => {
        on.push(await run("on"));
        return 0;
      },
    );
    const [scraped] = await queryPrometheus(
      prometheus.url,
      'sum_over_time(up{job="bench_overhead"}[1h])',
    );
    return {
      ratio: figure(
        on.map((r, i) => r.examplesPerSecond / (off[i] as RunResult).examplesPerSecond),
      ),
      examplesPerSecondOn: figure(on.map((r) => r.examplesPerSecond)),
      examplesPerSecondOff: figure(off.map((r) => r.examplesPerSecond)),
      maxRssBytesOn: figure(on.map((r) => r.maxRssBytes)),
      maxRssBytesOff: figure(off.map((r) => r.maxRssBytes)),
      scrapes: scraped?.value ?? 0,
    };
  } finally {
    await prometheus.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
