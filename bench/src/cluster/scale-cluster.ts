import { fork } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { waitFor } from "@trainwatch/cli-kit";
import { type ServiceHandle, startPrometheus } from "@trainwatch/native-services";
import getPort from "get-port";
import { defineBenchmark, fmt, type Report, round } from "../benchmark.js";
import { ask, value } from "../scale.js";
import { type Figure, figure } from "../stats.js";
import { readMachineCpu } from "./machine-cpu.js";
import {
  type ClusterScaleLevel,
  measureClusterLevel,
  measureLevelNotUp,
} from "./measure-cluster-level.js";
import { overviewQueries, timeOverview } from "./overview-queries.js";
import { renderScrapeConfig } from "./render-scrape-config.js";
import { startBenchStore } from "./start-bench-store.js";

const exporters = fileURLToPath(new URL("../scale-exporters-main.js", import.meta.url));
const host = "127.0.0.1";
const interval = 5;
const settleSeconds = 15;
const agents = 2;
const placeTimeoutSeconds = 120;

export interface ClusterScale {
  readonly levels: ClusterScaleLevel[];
  readonly maxTargets: number;
  readonly latency: { targets: number; query: Figure; prometheus: Figure; queries: number };
}

/** Writes a file_sd file whole (never half a file for a Prometheus reading it). */
function writeTargets(file: string, groups: readonly object[]): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(groups));
  renameSync(`${file}.tmp`, file);
}

/** Starts a Prometheus (or an agent) in `dir` with the benchmark's scrape configuration. */
async function startScraper(
  dir: string,
  config: Omit<Parameters<typeof renderScrapeConfig>[0], "interval" | "agent">,
  agent?: string,
): Promise<ServiceHandle> {
  mkdirSync(dir);
  const port = await getPort({ host });
  const configFile = join(dir, "prometheus.yml");
  writeFileSync(
    configFile,
    renderScrapeConfig({
      ...config,
      interval,
      ...(agent && { agent: { name: agent, address: `${host}:${port}` } }),
    }),
  );
  return startPrometheus({ configFile, dir, host, port, agent: agent !== undefined });
}

/**
 * The distributed store on this machine (loopback; the e2e suite covers the namespaces): two
 * Prometheus agents scraping simulated trainers every 5 s and remote-writing to a Thanos receive
 * router, two receivers holding every series, Thanos Query; at growing target counts until one
 * does not hold. First, at `latencyTargets`, a single Prometheus scrapes the same trainers beside
 * it, and the overview's queries are timed on both (interleaved repeats).
 */
export async function benchClusterScale({
  levels = [1000, 2000, 3000, 4000],
  windowSeconds = 30,
  /** 0: no latency comparison. */
  latencyTargets = 500,
  latencyRepeats = 5,
} = {}): Promise<ClusterScale> {
  const dir = mkdtempSync(join(tmpdir(), "trainwatch-bench-cluster-"));
  const child = fork(exporters, [], { stdio: "inherit" });
  const services: ServiceHandle[] = [];
  const keep = (s: ServiceHandle) => {
    services.push(s);
    return s;
  };
  try {
    const store = await startBenchStore(dir, keep);
    const agentTargets = Array.from({ length: agents }, (_, i) => join(dir, `targets-${i}.json`));
    const prometheusTargets = join(dir, "targets-prometheus.json");
    for (const file of [...agentTargets, prometheusTargets]) writeTargets(file, []);
    const agentUrls: string[] = [];
    for (const [i, targetsFile] of agentTargets.entries()) {
      const agent = keep(
        await startScraper(
          join(dir, `agent-${i}`),
          {
            targetsFile,
            remoteWriteUrl: store.remoteWriteUrl,
            ...(i === 0 && { store: store.components }),
          },
          `agent-${i}`,
        ),
      );
      agentUrls.push(agent.url);
    }
    // The single Prometheus of the latency comparison, scraping the same trainers.
    const prometheus = keep(
      await startScraper(join(dir, "prometheus"), { targetsFile: prometheusTargets }),
    );

    /** Spreads `targets` simulated trainers over the agents; resolves with whether all came up. */
    const place = async (targets: number, withPrometheus: boolean) => {
      const { port: simulated } = await ask<{ port: number }>(child, { targets });
      const group = (i: number) => ({
        targets: [`${host}:${simulated}`],
        labels: { __metrics_path__: `/metrics/${i}`, instance: `trainer-${i}` },
      });
      const all = Array.from({ length: targets }, (_, i) => i);
      for (const [a, file] of agentTargets.entries())
        writeTargets(file, all.filter((i) => i % agents === a).map(group));
      writeTargets(prometheusTargets, withPrometheus ? all.map(group) : []);
      return waitFor(
        async () => (await value(store.query.url, 'count(up{job="scale"} == 1)')) === targets,
        {
          what: `all ${targets} targets up through Query`,
          timeoutMs: placeTimeoutSeconds * 1000,
          intervalMs: 1000,
        },
      ).catch(() => false);
    };

    // Query latency, cluster vs one Prometheus, on the same trainers.
    const queries = overviewQueries();
    const onQuery: number[] = [];
    const onPrometheus: number[] = [];
    if (latencyTargets > 0) {
      await place(latencyTargets, true);
      await sleep(60_000); // a minute of history for the rate() panels
    }
    for (let r = 0; latencyTargets > 0 && r < latencyRepeats; r += 1) {
      onQuery.push(await timeOverview(store.query.url, queries));
      onPrometheus.push(await timeOverview(prometheus.url, queries));
    }
    await prometheus.stop();

    const results: ClusterScaleLevel[] = [];
    for (const targets of levels) {
      const window = { queryUrl: store.query.url, targets, interval, windowSeconds };
      const placing = readMachineCpu();
      if (!(await place(targets, false))) {
        const why = `not every target up at Query within ${placeTimeoutSeconds} s`;
        results.push(await measureLevelNotUp({ ...window, since: placing, agentUrls }, why));
        break;
      }
      const since = readMachineCpu();
      await sleep((windowSeconds + settleSeconds) * 1000);
      const level = await measureClusterLevel({ ...window, settleSeconds, since });
      results.push(level);
      if (!level.holds) break;
    }
    return {
      levels: results,
      maxTargets: Math.max(0, ...results.filter((l) => l.holds).map((l) => l.targets)),
      latency: {
        targets: latencyTargets,
        query: figure(onQuery),
        prometheus: figure(onPrometheus),
        queries: queries.length,
      },
    };
  } finally {
    child.disconnect();
    // Every one of them, even when one fails to stop (an overloaded level's receiver that
    // outlives SIGTERM's grace): a stop that threw used to leave the rest running.
    const stopped = await Promise.allSettled(services.reverse().map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
    const failed = stopped.filter((r) => r.status === "rejected");
    if (failed.length > 0)
      console.warn(
        `cluster bench: ${failed.length} service(s) did not stop: ${failed.map((r) => String((r as PromiseRejectedResult).reason)).join("; ")}`,
      );
  }
}

/** The replicated store's capacity, and its query latency against one Prometheus. */
export const clusterScaleBenchmark = defineBenchmark({
  title:
    "cluster: Thanos Query vs one Prometheus on the overview's queries (500 trainers), then 2 agents → Thanos receive ×2 at 1000 → 4000 trainers until one level does not hold",
  run: () => benchClusterScale(),
  report(cluster, out) {
    out.figure(
      "cluster_overview_query_ms",
      cluster.latency.query,
      "ms",
      `the training overview's ${cluster.latency.queries} queries over 30 min, through Thanos Query, ${cluster.latency.targets} trainers`,
    );
    out.figure(
      "cluster_overview_prometheus_ms",
      cluster.latency.prometheus,
      "ms",
      "the same queries on one Prometheus scraping the same trainers",
    );
    out.value(
      "cluster_overview_query_ratio",
      round(cluster.latency.query.median / cluster.latency.prometheus.median),
    );
    for (const level of cluster.levels) reportLevel(level, out);
    out.value("cluster_scale_max_targets", cluster.maxTargets);
    out.row(
      `cluster_scale_max_targets ${cluster.maxTargets} (5 s interval, every sample at Query, remote-write lag < 10 s; goal ≥ one Prometheus's ${out.earlier("scale_max_targets") ?? "?"})`,
    );
  },
});

function reportLevel(level: ClusterScaleLevel, out: Report): void {
  const key = `cluster_scale_${level.targets}`;
  out.value(`${key}_holds`, level.holds ? 1 : 0);
  out.value(`${key}_samples_per_s`, round(level.samplesPerSecond));
  out.value(`${key}_min_scrapes`, level.minScrapes);
  out.value(`${key}_short_targets`, level.shortTargets);
  out.value(`${key}_max_scrape_ms`, round(level.maxScrapeSeconds * 1000));
  out.value(`${key}_slow_targets`, level.slowTargets);
  out.value(`${key}_interval_p99_s`, round(level.intervalP99Seconds));
  out.value(`${key}_samples_failed`, level.samplesFailed);
  out.value(`${key}_lag_s`, round(level.lagSeconds));
  out.value(`${key}_agents_cpu_cores`, round(level.agentsCpuCores));
  out.value(`${key}_store_cpu_cores`, round(level.storeCpuCores));
  out.value(`${key}_store_rss_mb`, round(level.storeRssBytes / 2 ** 20));
  out.value(`${key}_machine_busy_cores`, round(level.machineBusyCores));
  const resources = `agents ${fmt(level.agentsCpuCores)} cores; store ${fmt(level.storeCpuCores)} cores ${fmt(level.storeRssBytes / 2 ** 20)} MB; machine ${fmt(level.machineBusyCores)} of ${availableParallelism()} cores busy`;
  out.row(
    level.notUp
      ? `cluster ${String(level.targets).padStart(5)} targets FAILS  ${level.notUp}: up ${level.up}; longest last scrape ${fmt(level.maxScrapeSeconds * 1000)} ms, ${level.slowTargets} over half the timeout; down because: ${JSON.stringify(level.scrapeErrors ?? {})}; last minute: ${fmt(level.samplesPerSecond)} samples/s remote-written, lag ${fmt(level.lagSeconds)} s; ${resources}`
      : `cluster ${String(level.targets).padStart(5)} targets ${level.holds ? "holds " : "FAILS "} up ${level.up}, min scrapes ${level.minScrapes}/${level.expectedScrapes} (${level.shortTargets} targets short), max scrape ${fmt(level.maxScrapeSeconds * 1000)} ms (${level.slowTargets} targets over half the timeout on average), interval p99 ${fmt(level.intervalP99Seconds)} s, ${fmt(level.samplesPerSecond)} samples/s remote-written (${level.samplesFailed} failed or dropped), lag ${fmt(level.lagSeconds)} s; ${resources}`,
  );
}
