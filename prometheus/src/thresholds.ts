/**
 * Every threshold, window and `for` duration of trainwatch's rules, in one place. The rule
 * files in prometheus/rules are generated from `defaultThresholds`; the end-to-end suite renders
 * them with `fastThresholds` so an alert fires within seconds.
 */
export interface Thresholds {
  /** How often Prometheus evaluates the rules (its global evaluation_interval). */
  readonly evaluationInterval: string;
  /** Window of the rate() recording rules (examples/s, step-duration quantiles). */
  readonly rateWindow: string;
  /** TrainingStalled, the seed's form: train loss unchanged over `window` while above `minLoss`. */
  readonly stallPlateau: {
    readonly window: string;
    readonly minLoss: number;
    readonly for: string;
  };
  /** TrainingStalled, no progress at all: no step for `seconds` while the run says it is running. */
  readonly stallNoProgress: { readonly seconds: number; readonly for: string };
  /** TrainingLossNaN: the train loss is NaN or ±Inf. */
  readonly lossNaN: { readonly for: string };
  /**
   * TrainingLossDiverging: smoothed train loss above `factor` × its minimum over `window` (and by
   * at least `minIncrease`), while the run steps: its last step less than `stepWithinSeconds`
   * ago, shorter than `for`, so a stall frozen on a noisy high value is TrainingStalled instead.
   */
  readonly lossDiverging: {
    readonly window: string;
    readonly factor: number;
    readonly minIncrease: number;
    readonly stepWithinSeconds: number;
    readonly for: string;
  };
  /**
   * TrainingTargetDown: a trainer last seen running stopped answering, looked back over
   * `lookback`. `for` must exceed the Pushgateway's scrape interval (5 s): a trainer that ended
   * cleanly is told from a crash by its final push, which Prometheus sees only at that scrape.
   */
  readonly targetDown: {
    readonly lookback: string;
    readonly for: string;
    /**
     * A trainer that pushes (OTLP) and is not scraped has no `up`: it counts as down once its
     * newest sample, still running, is older than this (many push intervals).
     */
    readonly pushSilence: string;
  };
  /** TrainingThroughputDrop: examples/s below (1 − `fraction`) × its average over `baseline`. */
  readonly throughputDrop: {
    readonly baseline: string;
    readonly fraction: number;
    readonly for: string;
  };
  /**
   * TrainingStraggler: a running worker's median step duration above `factor` × the median of
   * its job's running workers (with two workers that median is their mean, so only a worker more
   * than 3× slower than the other qualifies at 1.5).
   */
  readonly straggler: { readonly factor: number; readonly for: string };
  /** TrainingNoImprovement: epochs since the best validation loss reached the run's patience. */
  readonly noImprovement: { readonly for: string };
  /**
   * TrainingInputBound: a running, stepping run spends more than `ratio` of its phase time over
   * `window` waiting for input.
   */
  readonly inputBound: { readonly ratio: number; readonly window: string; readonly for: string };
  /**
   * TrainingLossSpike: the train loss above its median over `window` by more than `iqrFactor` ×
   * its interquartile range there, and by more than `minRelative` of the median, in a run that
   * started at least `window` ago.
   */
  readonly lossSpike: {
    readonly window: string;
    readonly iqrFactor: number;
    readonly minRelative: number;
    readonly for: string;
  };
  /**
   * NodeMetricsDelayed: a node's newest `up` sample older than `seconds` while another node's is
   * not; a silent node is remembered for `memory`, so the alert outlives the query lookback.
   */
  readonly nodeDelayed: { readonly seconds: number; readonly memory: string; readonly for: string };
  /**
   * ScrapeSlow: a trainer's or the collector's scrapes took `seconds` on average over `window`,
   * half the 1 s timeout of those jobs in prometheus.yml: next they time out and the target goes
   * dark (`up` = 0) though it still runs.
   */
  readonly scrapeSlow: { readonly seconds: number; readonly window: string; readonly for: string };
  /** RemoteWriteBehind: an agent's newest sent sample `seconds` behind its newest scraped one. */
  readonly remoteWriteBehind: { readonly seconds: number; readonly for: string };
  /** GpuXidError: an XID event within `window`. */
  readonly gpuXid: { readonly window: string };
  readonly gpuThermal: { readonly for: string };
  readonly gpuPowerBrake: { readonly for: string };
  readonly gpuTemperature: { readonly celsius: number; readonly for: string };
  readonly gpuMemory: { readonly ratio: number; readonly for: string };
  /** GpuUnderutilized: a GPU a running job uses is busy less than `ratio` of the time. */
  readonly gpuUnderutilized: { readonly ratio: number; readonly for: string };
  readonly collectorDown: { readonly for: string };
  /** GpuCollectorStale: no successful GPU read for `seconds`. */
  readonly collectorStale: { readonly seconds: number; readonly for: string };
  readonly pushFailing: { readonly for: string };
  /** Window of the energy and cost recording rules. */
  readonly energyWindow: string;
  /** Where the runbooks (docs/runbooks/<Alert>.md) are served; alerts link there. */
  readonly runbookBaseUrl: string;
}

/** The production thresholds; see docs/alerting.md for why each is what it is. */
export const defaultThresholds: Thresholds = {
  evaluationInterval: "5s",
  rateWindow: "1m",
  stallPlateau: { window: "5m", minLoss: 0.5, for: "10m" },
  stallNoProgress: { seconds: 120, for: "1m" },
  lossNaN: { for: "15s" },
  lossDiverging: { window: "15m", factor: 1.5, minIncrease: 0.1, stepWithinSeconds: 60, for: "2m" },
  targetDown: { lookback: "1h", for: "1m", pushSilence: "1m" },
  throughputDrop: { baseline: "15m", fraction: 0.5, for: "5m" },
  straggler: { factor: 1.5, for: "10m" },
  // the figure changes once an epoch and a late stop only wastes GPU time
  noImprovement: { for: "0s" },
  inputBound: { ratio: 0.3, window: "10m", for: "10m" },
  lossSpike: { window: "10m", iqrFactor: 5, minRelative: 0.01, for: "1m" },
  nodeDelayed: { seconds: 120, memory: "6h", for: "1m" },
  scrapeSlow: { seconds: 0.5, window: "2m", for: "5m" },
  remoteWriteBehind: { seconds: 30, for: "2m" },
  gpuXid: { window: "5m" },
  gpuThermal: { for: "1m" },
  gpuPowerBrake: { for: "1m" },
  gpuTemperature: { celsius: 85, for: "5m" },
  gpuMemory: { ratio: 0.95, for: "5m" },
  gpuUnderutilized: { ratio: 0.3, for: "15m" },
  collectorDown: { for: "1m" },
  collectorStale: { seconds: 60, for: "1m" },
  pushFailing: { for: "1m" },
  energyWindow: "5m",
  runbookBaseUrl: "https://github.com/trainwatch/trainwatch/blob/main/docs/runbooks",
};

/** Seconds instead of minutes, for the end-to-end suite (never for production). */
export const fastThresholds: Thresholds = {
  ...defaultThresholds,
  evaluationInterval: "1s",
  rateWindow: "10s",
  stallPlateau: { window: "20s", minLoss: 0.5, for: "5s" },
  stallNoProgress: { seconds: 4, for: "1s" },
  lossNaN: { for: "1s" },
  // A 1 s scrape and a 1 s evaluation make a stepping run's last step up to ~2 s old.
  lossDiverging: { window: "30s", factor: 1.5, minIncrease: 0.1, stepWithinSeconds: 3, for: "4s" },
  targetDown: { lookback: "5m", for: "10s", pushSilence: "5s" },
  throughputDrop: { baseline: "30s", fraction: 0.5, for: "5s" },
  straggler: { factor: 1.5, for: "5s" },
  inputBound: { ratio: 0.3, window: "20s", for: "5s" },
  // Shorter than TrainingLossDiverging's 4 s: a spike that big diverges too, and that stops it.
  lossSpike: { window: "30s", iqrFactor: 5, minRelative: 0.01, for: "2s" },
  // The distributed scenario cuts a node off for 30 s.
  nodeDelayed: { seconds: 10, memory: "6h", for: "2s" },
  // The replayed trace's thermal episode lasts 25 s: it fires within it.
  gpuThermal: { for: "5s" },
};
