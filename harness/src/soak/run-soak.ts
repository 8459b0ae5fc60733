import { readdirSync, readFileSync } from "node:fs";
import { browserSkipReason, launchBrowser } from "../browser/launch-browser.js";
import { startNativeStack } from "../start-native-stack.js";
import { fitSlope, type SlopeFit } from "./fit-slope.js";

/** What a soak samples of one process every `sampleEveryMs`. */
export type SoakMetric = "rss_bytes" | "heap_bytes" | "open_fds";

export interface SoakOptions {
  /** How long the stack runs, sampled, after it is up. */
  readonly minutes: number;
  /** Time between samples (default 60 s). */
  readonly sampleEveryMs?: number;
  /** Samples before this are warm-up, left out of the slopes (default 60 s). */
  readonly warmupMs?: number;
  /** Where progress lines go (default: nowhere). */
  readonly log?: (line: string) => void;
}

/** One line of samples: a process's metric (or Prometheus' `series`), in time order. */
export interface SoakSeries {
  readonly process: string;
  readonly metric: SoakMetric | "series";
  /** Seconds since the first sample, and the value then. */
  readonly points: readonly { readonly t: number; readonly value: number }[];
  /** The slope after warm-up. */
  readonly fit: SlopeFit;
}

export interface SoakReport {
  readonly minutes: number;
  readonly series: readonly SoakSeries[];
  /** Latency of a trainer's `/metrics`, read once a second throughout. */
  readonly metricsLatencyMs: { readonly p50: number; readonly p99: number; readonly count: number };
  /** Steps the two trainers made, and processes that ended before the soak did. */
  readonly steps: number;
  readonly ended: readonly string[];
  /** Whether the viewer was open in Chromium (auto refresh), or why not. */
  readonly viewer: string;
  /** Series names Prometheus holds more of at the end than when warm-up ended, by how many. */
  readonly seriesAdded: Readonly<Record<string, number>>;
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ??
  Number.NaN;

/** A process's resident memory and open file descriptors, from /proc; undefined once it ended. */
function readProc(pid: number): { rss: number; fds: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss, fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return undefined;
  }
}

/** The first sample of `name` in an exposition, NaN if it has none. */
async function scrapeFirst(url: string, name: string): Promise<number> {
  const text = await (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return Number(line?.split(" ").at(-1) ?? Number.NaN);
}

/**
 * Runs a native stack for `minutes` (two trainers training throughout, the GPU collector, the
 * receiver, the viewer open in Chromium with auto refresh) and samples every process's resident
 * memory, heap (Node's `nodejs_heap_size_used_bytes`, Go's `go_memstats_heap_inuse_bytes`) and
 * open file descriptors, and Prometheus' head series; fits each one's slope after warm-up.
 * Everything it starts is stopped before it resolves, on failure too.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const sampleEveryMs = options.sampleEveryMs ?? 60_000;
  const warmupMs = options.warmupMs ?? 60_000;
  const log = options.log ?? (() => {});
  await using stack = await startNativeStack({
    upArgs: ["--workers", "2"],
    trainerArgs: ["--epochs", "100000", "--train-size", "2000", "--validation-size", "200"],
  });
  const status = await stack.status();
  const { services } = status;
  const processes = [
    ...status.trainers.map((t) => ({
      name: `trainer ${t.task}`,
      pid: t.pid,
      heap: `${t.url}/metrics`,
    })),
    {
      name: "gpu-collector",
      pid: services.gpuCollector?.pid,
      heap: `${services.gpuCollector?.url}/metrics`,
    },
    {
      name: "alert-receiver",
      pid: services.alertReceiver.pid,
      heap: `${services.alertReceiver.url}/metrics`,
    },
    { name: "viewer", pid: services.dashboards?.pid, heap: undefined },
    {
      name: "prometheus",
      pid: services.prometheus.pid,
      heap: `${services.prometheus.url}/metrics`,
    },
    {
      name: "alertmanager",
      pid: services.alertmanager.pid,
      heap: `${services.alertmanager.url}/metrics`,
    },
    {
      name: "pushgateway",
      pid: services.pushgateway.pid,
      heap: `${services.pushgateway.url}/metrics`,
    },
  ].filter(
    (p): p is { name: string; pid: number; heap: string | undefined } => p.pid !== undefined,
  );

  const skip = browserSkipReason();
  await using browser = skip ? undefined : await launchBrowser();
  const dashboards = services.dashboards?.url;
  if (browser && dashboards) {
    const page = await browser.context.newPage();
    await page.goto(
      `${dashboards}/d/trainwatch-training?var-job=mnist_mlp&from=now-15m&to=now&refresh=5s`,
    );
  }
  const viewer = skip ?? (dashboards ? "open in Chromium, refreshing every 5 s" : "not running");

  const trainerUrl = status.trainers[0]?.url;
  const latencies: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing && trainerUrl) {
      const started = performance.now();
      try {
        await (await fetch(`${trainerUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
        latencies.push(performance.now() - started);
      } catch {
        // an ended trainer: counted in `ended`
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();

  const values = new Map<string, { t: number; value: number }[]>();
  const add = (key: string, t: number, value: number) => {
    if (Number.isFinite(value)) values.set(key, [...(values.get(key) ?? []), { t, value }]);
  };
  const ended = new Set<string>();
  const seriesByName = async () => {
    const query = encodeURIComponent('count by (__name__) ({__name__!=""})');
    const body = (await (
      await fetch(`${services.prometheus.url}/api/v1/query?query=${query}`)
    ).json()) as {
      data: { result: { metric: { __name__: string }; value: [number, string] }[] };
    };
    return new Map(body.data.result.map((r) => [r.metric.__name__, Number(r.value[1])]));
  };
  let warm: Map<string, number> | undefined;
  const started = performance.now();
  const deadline = started + options.minutes * 60_000;
  for (let next = started; next <= deadline; next += sampleEveryMs) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    const t = Math.round((performance.now() - started) / 1000);
    for (const p of processes) {
      const proc = readProc(p.pid);
      if (!proc) {
        ended.add(p.name);
        continue;
      }
      add(`${p.name}\0rss_bytes`, t, proc.rss);
      add(`${p.name}\0open_fds`, t, proc.fds);
      if (p.heap) {
        const heap = await scrapeFirst(p.heap, "nodejs_heap_size_used_bytes").catch(
          () => Number.NaN,
        );
        add(
          `${p.name}\0heap_bytes`,
          t,
          Number.isNaN(heap)
            ? await scrapeFirst(p.heap, "go_memstats_heap_inuse_bytes").catch(() => Number.NaN)
            : heap,
        );
      }
    }
    add(
      `prometheus\0series`,
      t,
      await scrapeFirst(`${services.prometheus.url}/metrics`, "prometheus_tsdb_head_series"),
    );
    if (!warm && t * 1000 >= warmupMs) warm = await seriesByName();
    log(`soak: sampled at ${t} s of ${options.minutes * 60} s`);
  }
  probing = false;
  await probe;
  const last = await seriesByName();
  const seriesAdded = Object.fromEntries(
    [...last].flatMap(([name, count]) => {
      const delta = count - (warm?.get(name) ?? 0);
      return delta > 0 ? [[name, delta] as const] : [];
    }),
  );
  const steps = (
    await Promise.all(
      status.trainers.map((tr) =>
        scrapeFirst(
          `${tr.url}/metrics`,
          `training_steps_total{job="mnist_mlp",task="${tr.task}"}`,
        ).catch(() => 0),
      ),
    )
  ).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);

  const series: SoakSeries[] = [...values.entries()].map(([key, points]) => {
    const [process, metric] = key.split("\0") as [string, SoakMetric | "series"];
    const settled = points.filter((p) => p.t * 1000 >= warmupMs);
    return { process, metric, points, fit: fitSlope(settled) };
  });
  return {
    minutes: options.minutes,
    series,
    metricsLatencyMs: {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      count: latencies.length,
    },
    steps,
    ended: [...ended],
    viewer,
    seriesAdded,
  };
}
