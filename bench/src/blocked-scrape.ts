import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import { waitFor } from "@trainwatch/cli-kit";
import { execa } from "execa";
import getPort from "get-port";
import { defineBenchmark, fmt, round } from "./benchmark.js";
import { type Figure, figure, percentile } from "./stats.js";

const trainerCli = createRequire(import.meta.url).resolve("@trainwatch/trainer/cli");

/** `/metrics` latency while the trainer's batches block its training thread. */
export interface BlockedScrape {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly latencies: Figure;
  readonly scrapes: number;
  readonly batchSeconds: number;
}

/**
 * Scrapes a real trainer's `/metrics` every 50 ms for `seconds` while each of its batches holds
 * the training thread for `batchSeconds` (`--fault-slow-batch`), from this process, which
 * nothing blocks.
 */
export async function benchBlockedScrape({
  seconds = 20,
  batchSeconds = 2,
} = {}): Promise<BlockedScrape> {
  const port = await getPort({ host: "127.0.0.1" });
  const url = `http://127.0.0.1:${port}/metrics`;
  const trainer = execa(
    "node",
    [
      trainerCli,
      ...["--metrics-port", String(port), "--progress", "none", "--linger", "0"],
      ...["--epochs", "100", "--train-size", "2000", "--validation-size", "100"],
      ...["--fault-slow-batch", String(batchSeconds)],
    ],
    { reject: false },
  );
  try {
    await waitFor(async () => (await fetch(url).catch(() => undefined))?.ok === true, {
      what: "the trainer's /metrics",
      timeoutMs: 60_000,
    });
    await sleep(batchSeconds * 1000); // into the first batches
    const latencies: number[] = [];
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      const started = performance.now();
      await (await fetch(url)).text();
      latencies.push(performance.now() - started);
      await sleep(50);
    }
    return {
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      latencies: figure(latencies),
      scrapes: latencies.length,
      batchSeconds,
    };
  } finally {
    trainer.kill("SIGKILL");
    await trainer;
  }
}

/** /metrics latency while every batch blocks the training thread. */
export const blockedScrapeBenchmark = defineBenchmark({
  title: "/metrics under blocking batches: a trainer whose every batch holds its thread 2 s",
  run: () => benchBlockedScrape(),
  report(blocked, out) {
    out.value("blocked_scrape_p50_ms", round(blocked.p50Ms));
    out.value("blocked_scrape_p99_ms", round(blocked.p99Ms));
    out.row(
      `blocked_scrape p50 ${fmt(blocked.p50Ms)} ms, p99 ${fmt(blocked.p99Ms)} ms, max ${fmt(blocked.latencies.max)} ms (${blocked.scrapes} scrapes of /metrics while every batch blocks ${blocked.batchSeconds} s; was seconds before the metrics thread)`,
    );
  },
});
