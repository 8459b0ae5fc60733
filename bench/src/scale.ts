import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { waitFor } from "@trainwatch/cli-kit";
import { queryPrometheus } from "@trainwatch/harness";
import { startPrometheus } from "@trainwatch/native-services";
import getPort from "get-port";
import { defineBenchmark, fmt, round } from "./benchmark.js";

const exporters = fileURLToPath(new URL("./scale-exporters-main.js", import.meta.url));
const interval = 5;
const settleSeconds = 10;

/** One Prometheus at one target count, over a measurement window after every target was up. */
export interface ScaleLevel {
  readonly targets: number;
  readonly up: number;
  readonly maxScrapeSeconds: number;
  /** The fewest scrapes any target had in the window, and how many it should have had. */
  readonly minScrapes: number;
  readonly expectedScrapes: number;
  /** Prometheus' own 99th percentile of the time between two scrapes of a target. */
  readonly intervalP99Seconds: number;
  readonly prometheusCpuCores: number;
  readonly prometheusRssBytes: number;
  readonly exportersCpuCores: number;
  readonly exportersRssBytes: number;
  /** Every target up, none missed a scrape or took 1 s or more. */
  readonly holds: boolean;
}

const notMeasured = {
  maxScrapeSeconds: Number.NaN,
  minScrapes: 0,
  intervalP99Seconds: Number.NaN,
  prometheusCpuCores: Number.NaN,
  prometheusRssBytes: Number.NaN,
  exportersCpuCores: Number.NaN,
  exportersRssBytes: Number.NaN,
  holds: false,
};

/** Sends the simulated trainers' process a message and resolves with its answer. */
export function ask<T>(child: ChildProcess, message: object): Promise<T> {
  return new Promise((resolve) => {
    child.once("message", (answer) => resolve(answer as T));
    child.send(message);
  });
}

/** The first value a query returns, NaN when none. */
export const value = async (url: string, promql: string) =>
  (await queryPrometheus(url, promql))[0]?.value ?? Number.NaN;

/**
 * The range selector to count a target's scrapes in a window of `windowSeconds` (ending
 * `settleSeconds` ago): half an interval longer, so that every target has at least
 * `windowSeconds / interval` samples in it whatever its phase, and fewer only when a scrape is
 * missing. A window of exactly N intervals holds N − 1 samples for a target whose scrape lands
 * within its jitter of the window's start: a level then looks short of a scrape it had (seen at
 * 2,000 targets on 2026-12-01: min 5 of 6, no target short in the next query, nothing lost).
 */
export const scrapeCountRange = (windowSeconds: number, interval: number, settleSeconds: number) =>
  `[${windowSeconds * 1000 + interval * 500}ms] offset ${settleSeconds}s`;

/**
 * One Prometheus on this machine scraping simulated trainers (the trainer's real series set,
 * discovered through file_sd) every 5 s, at growing target counts until one does not hold.
 */
export async function benchScale({
  levels = [500, 1000, 2000, 3000],
  windowSeconds = 30,
} = {}): Promise<{
  levels: ScaleLevel[];
  maxTargets: number;
}> {
  const dir = mkdtempSync(join(tmpdir(), "trainwatch-bench-scale-"));
  const targetsFile = join(dir, "targets.json");
  writeFileSync(targetsFile, "[]");
  const configFile = join(dir, "prometheus.yml");
  const port = await getPort({ host: "127.0.0.1" });
  writeConfig(configFile, targetsFile, `127.0.0.1:${port}`);
  const child = fork(exporters, [], { stdio: "inherit" });
  const prometheus = await startPrometheus({ configFile, dir, host: "127.0.0.1", port });
  const results: ScaleLevel[] = [];
  try {
    for (const targets of levels) {
      const { port } = await ask<{ port: number }>(child, { targets });
      const groups = Array.from({ length: targets }, (_, i) => ({
        targets: [`127.0.0.1:${port}`],
        labels: { __metrics_path__: `/metrics/${i}`, instance: `trainer-${i}` },
      }));
      writeFileSync(`${targetsFile}.tmp`, JSON.stringify(groups));
      renameSync(`${targetsFile}.tmp`, targetsFile); // Prometheus never reads half a file
      const allUp = await waitFor(
        async () => (await value(prometheus.url, 'count(up{job="scale"} == 1)')) === targets,
        { what: `all ${targets} targets up`, timeoutMs: 90_000, intervalMs: 1000 },
      ).catch(() => false); // a level whose targets never all come up does not hold
      if (!allUp) {
        const up = await value(prometheus.url, 'count(up{job="scale"} == 1)');
        results.push({ ...notMeasured, targets, up, expectedScrapes: windowSeconds / interval });
        break;
      }
      await ask(child, { measure: "start" });
      await sleep(windowSeconds * 1000); // the measurement window itself
      const simulated = await ask<{ cpuCores: number; rssBytes: number }>(child, {
        measure: "stop",
      });
      // Queried once every scrape of the window has ended: a scrape still in flight at the
      // window's end would count as missed.
      await sleep(settleSeconds * 1000);
      const w = `[${windowSeconds}s] offset ${settleSeconds}s`;
      const q = (promql: string) => value(prometheus.url, promql);
      const level: Omit<ScaleLevel, "holds"> = {
        targets,
        up: await q(`count(last_over_time(up{job="scale"}${w}) == 1)`),
        maxScrapeSeconds: await q(`max(max_over_time(scrape_duration_seconds{job="scale"}${w}))`),
        minScrapes: await q(
          `min(count_over_time(up{job="scale"}${scrapeCountRange(windowSeconds, interval, settleSeconds)}))`,
        ),
        expectedScrapes: windowSeconds / interval,
        intervalP99Seconds: await q(
          `max(prometheus_target_interval_length_seconds{interval="${interval}s",quantile="0.99"})`,
        ),
        prometheusCpuCores: await q(`rate(process_cpu_seconds_total{job="prometheus"}${w})`),
        prometheusRssBytes: await q(
          `max_over_time(process_resident_memory_bytes{job="prometheus"}${w})`,
        ),
        exportersCpuCores: simulated.cpuCores,
        exportersRssBytes: simulated.rssBytes,
      };
      const holds =
        level.up === targets &&
        level.maxScrapeSeconds < 1 &&
        level.minScrapes >= level.expectedScrapes &&
        level.intervalP99Seconds < interval * 1.1;
      results.push({ ...level, holds });
      if (!holds) break;
    }
  } finally {
    child.disconnect();
    await prometheus.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    levels: results,
    maxTargets: Math.max(0, ...results.filter((l) => l.holds).map((l) => l.targets)),
  };
}

function writeConfig(configFile: string, targetsFile: string, self: string): void {
  writeFileSync(
    configFile,
    [
      "global: { scrape_interval: 5s, scrape_timeout: 4s }",
      "scrape_configs:",
      "  - job_name: scale",
      "    honor_labels: true",
      `    file_sd_configs: [{ files: ["${targetsFile}"], refresh_interval: 5s }]`,
      "  - job_name: prometheus",
      `    static_configs: [{ targets: ["${self}"] }]`,
      "",
    ].join("\n"),
  );
}

/** How many trainers one Prometheus scrapes every 5 s without missing one. */
export const scaleBenchmark = defineBenchmark({
  title:
    "scale: one Prometheus, 500 → 3000 simulated trainers at 5 s, until one level does not hold",
  run: () => benchScale(),
  report(scale, out) {
    for (const level of scale.levels) {
      const key = `scale_${level.targets}`;
      out.value(`${key}_holds`, level.holds ? 1 : 0);
      out.value(`${key}_max_scrape_ms`, round(level.maxScrapeSeconds * 1000));
      out.value(`${key}_min_scrapes`, level.minScrapes);
      out.value(`${key}_interval_p99_s`, round(level.intervalP99Seconds));
      out.value(`${key}_prometheus_cpu_cores`, round(level.prometheusCpuCores));
      out.value(`${key}_prometheus_rss_mb`, round(level.prometheusRssBytes / 2 ** 20));
      out.value(`${key}_exporters_cpu_cores`, round(level.exportersCpuCores));
      out.value(`${key}_exporters_rss_mb`, round(level.exportersRssBytes / 2 ** 20));
      out.row(
        `scale ${String(level.targets).padStart(5)} targets ${level.holds ? "holds " : "FAILS "} up ${level.up}, max scrape ${fmt(level.maxScrapeSeconds * 1000)} ms, min scrapes ${level.minScrapes}/${level.expectedScrapes}, interval p99 ${fmt(level.intervalP99Seconds)} s; Prometheus ${fmt(level.prometheusCpuCores)} cores ${fmt(level.prometheusRssBytes / 2 ** 20)} MB; exporters ${fmt(level.exportersCpuCores)} cores ${fmt(level.exportersRssBytes / 2 ** 20)} MB`,
      );
    }
    out.value("scale_max_targets", scale.maxTargets);
    out.row(
      `scale_max_targets ${scale.maxTargets} (5 s interval, no missed scrape, scrapes < 1 s; target ≥ 500)`,
    );
  },
});
