import { fork } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { waitFor } from "@trainwatch/cli-kit";
import { dashboards } from "@trainwatch/grafana-dashboards";
import { queryRange } from "@trainwatch/harness";
import {
  type ServiceHandle,
  startPrometheus,
  startThanosQuery,
  startThanosReceive,
} from "@trainwatch/native-services";
import getPort from "get-port";
import { ask, scrapeCountRange, value } from "./scale.js";
import { type Figure, figure } from "./stats.js";

const exporters = fileURLToPath(new URL("./scale-exporters-main.js", import.meta.url));
const interval = 5;
const settleSeconds = 15;
const agents = 2;

/** The cluster at one target count, over a window after every target's `up` reached Query. */
export interface ClusterScaleLevel {
  readonly targets: number;
  readonly up: number;
  readonly minScrapes: number;
  readonly expectedScrapes: number;
  /** Targets with fewer scrapes than expected in the window. */
  readonly shortTargets: number;
  readonly maxScrapeSeconds: number;
  /** The agents' own 99th percentile of the time between two scrapes of a target. */
  readonly intervalP99Seconds: number;
  /** Samples the agents failed to send or dropped in the window. */
  readonly samplesFailed: number;
  /** Samples per second the agents remote-wrote (every replica gets each one). */
  readonly samplesPerSecond: number;
  /** The largest remote-write lag of any agent in the window (newest scraped − newest sent). */
  readonly lagSeconds: number;
  readonly agentsCpuCores: number;
  readonly storeCpuCores: number;
  readonly storeRssBytes: number;
  /** This machine's busy CPU (every process: trainers, agents, store), in cores, over the level. */
  readonly machineBusyCores: number;
  /** Every target up at Query, no scrape missing there, no agent lagging 2 intervals or more. */
  readonly holds: boolean;
  /** Why a level that never got every target up at Query did not (its rates: over the last minute). */
  readonly notUp?: string;
}

/** Idle and total jiffies of every CPU (/proc/stat's first line). */
function cpuJiffies(): { idle: number; total: number } {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "")
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { idle, total: fields.reduce((a, b) => a + b, 0) };
}

/** Cores busy since `from` (a cpuJiffies reading), over the whole machine. */
function busyCoresSince(from: { idle: number; total: number }): number {
  const now = cpuJiffies();
  const total = now.total - from.total;
  return total > 0 ? (1 - (now.idle - from.idle) / total) * availableParallelism() : Number.NaN;
}

/** The training overview's panel queries, as Grafana would send them for all jobs and tasks. */
export function overviewQueries(): string[] {
  const overview = Object.values(dashboards()).find((d) => d.uid === "trainwatch-training");
  return (overview?.panels ?? []).flatMap((panel) =>
    ((panel as { targets?: { expr: string }[] }).targets ?? []).map((t) =>
      t.expr
        .replaceAll("$__rate_interval", "1m")
        .replaceAll("$__interval", "15s")
        .replaceAll("$__range", "30m")
        .replace(/\$(\w+)/g, ".*"),
    ),
  );
}

/** Milliseconds to answer every overview query over the last 30 minutes (as the viewer asks). */
async function timeOverview(url: string, queries: readonly string[]): Promise<number> {
  const end = Date.now() / 1000;
  const started = performance.now();
  await Promise.all(queries.map((q) => queryRange(url, q, { start: end - 1800, end, step: 15 })));
  return performance.now() - started;
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
} = {}): Promise<{
  levels: ClusterScaleLevel[];
  maxTargets: number;
  latency: { targets: number; query: Figure; prometheus: Figure; queries: number };
}> {
  const dir = mkdtempSync(join(tmpdir(), "trainwatch-bench-cluster-"));
  const child = fork(exporters, [], { stdio: "inherit" });
  const services: ServiceHandle[] = [];
  const keep = (s: ServiceHandle) => {
    services.push(s);
    return s;
  };
  try {
    const host = "127.0.0.1";
    const port = () => getPort({ host });
    const ingesters: string[] = [];
    const components: string[] = [];
    for (const name of ["storage-0", "storage-1"]) {
      const grpc = await port();
      const receiver = keep(
        await startThanosReceive({
          name,
          dir,
          ports: { host, http: await port(), grpc },
          remoteWritePort: await port(),
          replicationPort: await port(),
          role: { kind: "ingest" },
        }),
      );
      ingesters.push(`${host}:${grpc}`);
      components.push(`${host}:${receiver.port}`);
    }
    const remoteWrite = await port();
    const router = keep(
      await startThanosReceive({
        name: "router",
        dir,
        ports: { host, http: await port(), grpc: await port() },
        remoteWritePort: remoteWrite,
        replicationPort: await port(),
        role: { kind: "route", ingesters, replicationFactor: 2 },
      }),
    );
    const query = keep(
      await startThanosQuery({
        name: "query",
        dir,
        ports: { host, http: await port(), grpc: await port() },
        stores: ingesters,
        replicaLabels: ["receive_replica"],
      }),
    );
    components.push(`${host}:${router.port}`, `${host}:${query.port}`);
    const targetFiles = Array.from({ length: agents }, (_, i) => join(dir, `targets-${i}.json`));
    const prometheusTargets = join(dir, "targets-prometheus.json");
    for (const file of [...targetFiles, prometheusTargets]) writeFileSync(file, "[]");
    for (const [i, file] of targetFiles.entries()) {
      const agentDir = join(dir, `agent-${i}`);
      mkdirSync(agentDir);
      const agentPort = await port();
      const configFile = join(agentDir, "agent.yml");
      writeFileSync(
        configFile,
        [
          `global: { scrape_interval: ${interval}s, scrape_timeout: 4s, external_labels: { agent: "agent-${i}" } }`,
          "scrape_configs:",
          "  - job_name: scale",
          "    honor_labels: true",
          `    file_sd_configs: [{ files: ["${file}"], refresh_interval: 5s }]`,
          "  - job_name: prometheus",
          `    static_configs: [{ targets: ["${host}:${agentPort}"] }]`,
          ...(i === 0
            ? [
                "  - job_name: store",
                `    static_configs: [{ targets: ${JSON.stringify(components)} }]`,
              ]
            : []),
          "remote_write:",
          `  - url: http://${host}:${remoteWrite}/api/v1/receive`,
          "    queue_config: { batch_send_deadline: 1s }",
          "",
        ].join("\n"),
      );
      keep(
        await startPrometheus({ configFile, dir: agentDir, host, port: agentPort, agent: true }),
      );
    }
    // The single Prometheus of the latency comparison, scraping the same trainers.
    const promDir = join(dir, "prometheus");
    mkdirSync(promDir);
    const promConfig = join(promDir, "prometheus.yml");
    writeFileSync(
      promConfig,
      [
        `global: { scrape_interval: ${interval}s, scrape_timeout: 4s }`,
        "scrape_configs:",
        "  - job_name: scale",
        "    honor_labels: true",
        `    file_sd_configs: [{ files: ["${prometheusTargets}"], refresh_interval: 5s }]`,
        "",
      ].join("\n"),
    );
    const prometheus = await startPrometheus({ configFile: promConfig, dir: promDir, host });

    const placeTimeoutSeconds = 120;
    const place = async (targets: number, withPrometheus: boolean) => {
      const { port: simulated } = await ask<{ port: number }>(child, { targets });
      const group = (i: number) => ({
        targets: [`${host}:${simulated}`],
        labels: { __metrics_path__: `/metrics/${i}`, instance: `trainer-${i}` },
      });
      const write = (file: string, groups: object[]) => {
        writeFileSync(`${file}.tmp`, JSON.stringify(groups));
        renameSync(`${file}.tmp`, file); // never half a file
      };
      for (const [a, file] of targetFiles.entries())
        write(
          file,
          Array.from({ length: targets }, (_, i) => i)
            .filter((i) => i % agents === a)
            .map(group),
        );
      write(
        prometheusTargets,
        withPrometheus ? Array.from({ length: targets }, (_, i) => group(i)) : [],
      );
      return waitFor(
        async () => (await value(query.url, 'count(up{job="scale"} == 1)')) === targets,
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
      onQuery.push(await timeOverview(query.url, queries));
      onPrometheus.push(await timeOverview(prometheus.url, queries));
    }
    await prometheus.stop();

    const results: ClusterScaleLevel[] = [];
    for (const targets of levels) {
      const placing = cpuJiffies();
      if (!(await place(targets, false))) {
        const q = (promql: string) => value(query.url, promql);
        results.push({
          targets,
          up: await q('count(up{job="scale"} == 1)'),
          minScrapes: 0,
          expectedScrapes: windowSeconds / interval,
          shortTargets: Number.NaN,
          maxScrapeSeconds: Number.NaN,
          intervalP99Seconds: Number.NaN,
          samplesFailed: Number.NaN,
          samplesPerSecond: await q(
            'sum(rate(prometheus_remote_storage_samples_total{job="prometheus"}[1m]))',
          ),
          lagSeconds: await q(
            'max(max by (agent) (prometheus_remote_storage_highest_timestamp_in_seconds{job="prometheus"}) - max by (agent) (prometheus_remote_storage_queue_highest_sent_timestamp_seconds{job="prometheus"}))',
          ),
          agentsCpuCores: await q('sum(rate(process_cpu_seconds_total{job="prometheus"}[1m]))'),
          storeCpuCores: await q('sum(rate(process_cpu_seconds_total{job="store"}[1m]))'),
          storeRssBytes: await q('sum(process_resident_memory_bytes{job="store"})'),
          machineBusyCores: busyCoresSince(placing),
          holds: false,
          notUp: `not every target up at Query within ${placeTimeoutSeconds} s`,
        });
        break;
      }
      const measuring = cpuJiffies();
      await sleep(windowSeconds * 1000);
      await sleep(settleSeconds * 1000); // every sample of the window has had time to arrive
      const w = `[${windowSeconds}s] offset ${settleSeconds}s`;
      const counted = scrapeCountRange(windowSeconds, interval, settleSeconds);
      const q = (promql: string) => value(query.url, promql);
      const level: Omit<ClusterScaleLevel, "holds"> = {
        targets,
        up: await q(`count(last_over_time(up{job="scale"}${w}) == 1)`),
        minScrapes: await q(`min(count_over_time(up{job="scale"}${counted}))`),
        expectedScrapes: windowSeconds / interval,
        shortTargets:
          (await q(
            `count(count_over_time(up{job="scale"}${counted}) < ${windowSeconds / interval})`,
          )) || 0,
        maxScrapeSeconds: await q(`max(max_over_time(scrape_duration_seconds{job="scale"}${w}))`),
        intervalP99Seconds: await q(
          `max(max_over_time(prometheus_target_interval_length_seconds{interval="${interval}s",quantile="0.99"}${w}))`,
        ),
        samplesFailed:
          (await q(
            `sum(increase(prometheus_remote_storage_samples_failed_total${w})) + sum(increase(prometheus_remote_storage_samples_dropped_total${w}))`,
          )) || 0,
        samplesPerSecond: await q(
          `sum(rate(prometheus_remote_storage_samples_total{job="prometheus"}${w}))`,
        ),
        // Newest sample scraped minus newest sent, per agent, at every point of the window.
        lagSeconds: await q(
          `max(max_over_time((max by (agent) (prometheus_remote_storage_highest_timestamp_in_seconds{job="prometheus"}) - max by (agent) (prometheus_remote_storage_queue_highest_sent_timestamp_seconds{job="prometheus"}))[${windowSeconds}s:${interval}s] offset ${settleSeconds}s))`,
        ),
        agentsCpuCores: await q(`sum(rate(process_cpu_seconds_total{job="prometheus"}${w}))`),
        storeCpuCores: await q(`sum(rate(process_cpu_seconds_total{job="store"}${w}))`),
        storeRssBytes: await q(
          `sum(max_over_time(process_resident_memory_bytes{job="store"}${w}))`,
        ),
        machineBusyCores: busyCoresSince(measuring),
      };
      const holds =
        level.up === targets &&
        level.minScrapes >= level.expectedScrapes &&
        level.lagSeconds < 2 * interval;
      results.push({ ...level, holds });
      if (!holds) break;
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
    for (const service of services.reverse()) await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
