import { browserSkipReason, launchBrowser } from "../browser/launch-browser.js";
import { type StackStatus, startNativeStack } from "../start-native-stack.js";
import { fitSlope, type SlopeFit } from "./fit-slope.js";
import {
  type ProcessSample,
  sampleProcess,
  scrapeFirst,
  type WatchedProcess,
} from "./sample-process.js";
import { startLatencyProbe } from "./start-latency-probe.js";

/** What a soak samples of one process every `sampleEveryMs`. */
export type SoakMetric = keyof ProcessSample;

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

/** Every process of a native stack, with the `/metrics` that holds its heap (the viewer has none). */
function watchedProcesses({ services, trainers }: StackStatus): WatchedProcess[] {
  const metrics = (s: { url: string } | undefined) => s && `${s.url}/metrics`;
  return [
    ...trainers.map((t) => ({
      name: `trainer ${t.task}`,
      pid: t.pid,
      metricsUrl: `${t.url}/metrics`,
    })),
    {
      name: "gpu-collector",
      pid: services.gpuCollector?.pid,
      metricsUrl: metrics(services.gpuCollector),
    },
    {
      name: "alert-receiver",
      pid: services.alertReceiver.pid,
      metricsUrl: metrics(services.alertReceiver),
    },
    { name: "viewer", pid: services.dashboards?.pid },
    { name: "prometheus", pid: services.prometheus.pid, metricsUrl: metrics(services.prometheus) },
    {
      name: "alertmanager",
      pid: services.alertmanager.pid,
      metricsUrl: metrics(services.alertmanager),
    },
    {
      name: "pushgateway",
      pid: services.pushgateway.pid,
      metricsUrl: metrics(services.pushgateway),
    },
  ].filter((p): p is WatchedProcess => p.pid !== undefined);
}

/** How many series of each name Prometheus holds (with a sample in its lookback). */
async function seriesByName(prometheusUrl: string): Promise<Map<string, number>> {
  const query = encodeURIComponent('count by (__name__) ({__name__!=""})');
  const body = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${query}`)).json()) as {
    data: { result: { metric: { __name__: string }; value: [number, string] }[] };
  };
  return new Map(body.data.result.map((r) => [r.metric.__name__, Number(r.value[1])]));
}

/** The trainers' steps so far, summed. */
async function stepsOf(status: StackStatus): Promise<number> {
  const steps = await Promise.all(
    status.trainers.map((t) =>
      scrapeFirst(
        `${t.url}/metrics`,
        `training_steps_total{job="mnist_mlp",task="${t.task}"}`,
      ).catch(() => 0),
    ),
  );
  return steps.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
}

/** Opens the training overview in Chromium with a 5 s refresh; says how, or why not. */
async function openViewer(status: StackStatus) {
  const skip = browserSkipReason();
  const dashboards = status.services.dashboards?.url;
  if (skip || !dashboards) return { browser: undefined, viewer: skip ?? "not running" };
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  await page.goto(
    `${dashboards}/d/trainwatch-training?var-job=mnist_mlp&from=now-15m&to=now&refresh=5s`,
  );
  return { browser, viewer: "open in Chromium, refreshing every 5 s" };
}

/**
 * Runs a native stack for `minutes` (two trainers training throughout, the GPU collector, the
 * receiver, the viewer open in Chromium with auto refresh) and samples every process's resident
 * memory, heap and open file descriptors, and Prometheus' head series; fits each one's slope
 * after warm-up. Everything it starts is stopped before it resolves, on failure too.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { sampleEveryMs = 60_000, warmupMs = 60_000, log = () => {} } = options;
  await using stack = await startNativeStack({
    upArgs: ["--workers", "2"],
    trainerArgs: ["--epochs", "100000", "--train-size", "2000", "--validation-size", "200"],
  });
  const status = await stack.status();
  const prometheusUrl = status.services.prometheus.url;
  const { browser, viewer } = await openViewer(status);
  await using _browser = browser;
  const probe = startLatencyProbe(status.trainers[0] && `${status.trainers[0].url}/metrics`);
  const values = new Map<string, { t: number; value: number }[]>();
  const add = (key: string, t: number, value: number) => {
    if (Number.isFinite(value)) values.set(key, [...(values.get(key) ?? []), { t, value }]);
  };
  const processes = watchedProcesses(status);
  const ended = new Set<string>();
  let warm: Map<string, number> | undefined;
  const started = performance.now();
  for (let next = started; next <= started + options.minutes * 60_000; next += sampleEveryMs) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    const t = Math.round((performance.now() - started) / 1000);
    for (const p of processes) {
      const sample = await sampleProcess(p);
      if (!sample) ended.add(p.name);
      else
        for (const [metric, value] of Object.entries(sample)) add(`${p.name}\0${metric}`, t, value);
    }
    add(
      "prometheus\0series",
      t,
      await scrapeFirst(`${prometheusUrl}/metrics`, "prometheus_tsdb_head_series"),
    );
    if (!warm && t * 1000 >= warmupMs) warm = await seriesByName(prometheusUrl);
    log(`soak: sampled at ${t} s of ${options.minutes * 60} s`);
  }
  const latencies = await probe.stop();
  const last = await seriesByName(prometheusUrl);
  const seriesAdded = Object.fromEntries(
    [...last].flatMap(([name, count]) => {
      const delta = count - (warm?.get(name) ?? 0);
      return delta > 0 ? [[name, delta] as const] : [];
    }),
  );
  const series = [...values.entries()].map(([key, points]): SoakSeries => {
    const [process, metric] = key.split("\0") as [string, SoakMetric | "series"];
    return { process, metric, points, fit: fitSlope(points.filter((p) => p.t * 1000 >= warmupMs)) };
  });
  return {
    minutes: options.minutes,
    series,
    metricsLatencyMs: {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      count: latencies.length,
    },
    steps: await stepsOf(status),
    ended: [...ended],
    viewer,
    seriesAdded,
  };
}
