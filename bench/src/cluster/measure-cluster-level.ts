import { scrapeCountRange, value } from "../scale.js";
import { busyCoresSince, type CpuReading } from "./machine-cpu.js";
import { scrapeTimeoutSeconds } from "./render-scrape-config.js";
import { countScrapeErrors, listTargets } from "./scrape-errors.js";

/** The cluster at one target count, over a window after every target's `up` reached Query. */
export interface ClusterScaleLevel {
  readonly targets: number;
  readonly up: number;
  readonly minScrapes: number;
  readonly expectedScrapes: number;
  /** Targets with fewer scrapes than expected in the window. */
  readonly shortTargets: number;
  readonly maxScrapeSeconds: number;
  /**
   * Targets whose scrapes took over half the 4 s timeout on average (what `ScrapeSlow` warns
   * of, before they time out): how an overloaded level shows before it goes dark.
   */
  readonly slowTargets: number;
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
  /** For such a level: the agents' down targets by error, most frequent first. */
  readonly scrapeErrors?: Readonly<Record<string, number>>;
}

export interface LevelWindow {
  readonly queryUrl: string;
  readonly targets: number;
  /** Seconds between scrapes. */
  readonly interval: number;
  readonly windowSeconds: number;
  /** How long ago the window ended: every sample of it has had time to arrive. */
  readonly settleSeconds: number;
  /** The machine's CPU when the window began. */
  readonly since: CpuReading;
}

/** Remote-write lag per agent: newest sample scraped minus newest sent. */
const lag =
  'max by (agent) (prometheus_remote_storage_highest_timestamp_in_seconds{job="prometheus"}) - max by (agent) (prometheus_remote_storage_queue_highest_sent_timestamp_seconds{job="prometheus"})';

/** Measures a level that got every target up at Query, over the window, through Query. */
export async function measureClusterLevel(level: LevelWindow): Promise<ClusterScaleLevel> {
  const { targets, interval, windowSeconds, settleSeconds } = level;
  const w = `[${windowSeconds}s] offset ${settleSeconds}s`;
  const counted = scrapeCountRange(windowSeconds, interval, settleSeconds);
  const q = (promql: string) => value(level.queryUrl, promql);
  const measured: Omit<ClusterScaleLevel, "holds"> = {
    targets,
    up: await q(`count(last_over_time(up{job="scale"}${w}) == 1)`),
    minScrapes: await q(`min(count_over_time(up{job="scale"}${counted}))`),
    expectedScrapes: windowSeconds / interval,
    shortTargets:
      (await q(
        `count(count_over_time(up{job="scale"}${counted}) < ${windowSeconds / interval})`,
      )) || 0,
    maxScrapeSeconds: await q(`max(max_over_time(scrape_duration_seconds{job="scale"}${w}))`),
    slowTargets:
      (await q(
        `count(avg_over_time(scrape_duration_seconds{job="scale"}${w}) > ${scrapeTimeoutSeconds / 2})`,
      )) || 0,
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
    // At every point of the window, not only its end.
    lagSeconds: await q(
      `max(max_over_time((${lag})[${windowSeconds}s:${interval}s] offset ${settleSeconds}s))`,
    ),
    agentsCpuCores: await q(`sum(rate(process_cpu_seconds_total{job="prometheus"}${w}))`),
    storeCpuCores: await q(`sum(rate(process_cpu_seconds_total{job="store"}${w}))`),
    storeRssBytes: await q(`sum(max_over_time(process_resident_memory_bytes{job="store"}${w}))`),
    machineBusyCores: busyCoresSince(level.since),
  };
  const holds =
    measured.up === targets &&
    measured.minScrapes >= measured.expectedScrapes &&
    measured.lagSeconds < 2 * interval;
  return { ...measured, holds };
}

/** What is known of a level whose targets never all came up at Query: its last minute's rates. */
export async function measureLevelNotUp(
  level: Omit<LevelWindow, "settleSeconds"> & { readonly agentUrls: readonly string[] },
  why: string,
): Promise<ClusterScaleLevel> {
  const q = (promql: string) => value(level.queryUrl, promql);
  const listed = await listTargets(level.agentUrls);
  return {
    scrapeErrors: countScrapeErrors(listed),
    targets: level.targets,
    up: await q('count(up{job="scale"} == 1)'),
    minScrapes: 0,
    expectedScrapes: level.windowSeconds / level.interval,
    shortTargets: Number.NaN,
    maxScrapeSeconds: Math.max(0, ...listed.map((t) => t.lastScrapeDuration)),
    slowTargets: listed.filter((t) => t.lastScrapeDuration > scrapeTimeoutSeconds / 2).length,
    intervalP99Seconds: Number.NaN,
    samplesFailed: Number.NaN,
    samplesPerSecond: await q(
      'sum(rate(prometheus_remote_storage_samples_total{job="prometheus"}[1m]))',
    ),
    lagSeconds: await q(`max(${lag})`),
    agentsCpuCores: await q('sum(rate(process_cpu_seconds_total{job="prometheus"}[1m]))'),
    storeCpuCores: await q('sum(rate(process_cpu_seconds_total{job="store"}[1m]))'),
    storeRssBytes: await q('sum(process_resident_memory_bytes{job="store"})'),
    machineBusyCores: busyCoresSince(level.since),
    holds: false,
    notUp: why,
  };
}
