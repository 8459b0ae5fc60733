import type { AlertTiming } from "@trainwatch/prometheus-config";
import type { GrafanaAuth } from "./query-grafana.js";

/** Where a stack runs: processes on loopback (`trainwatch up`) or docker-compose.yml's containers. */
export type Runtime = "native" | "containers";

/** What every runtime takes: the scenario's knobs, not how a runtime is wired. */
export interface ScenarioOptions {
  /** Flags for every trainer, e.g. `["--epochs", "3"]`; `--fault-*` flags go to `faultTask` only. */
  readonly trainerArgs?: readonly string[];
  /** The worker that gets the `--fault-*` flags of `trainerArgs` (default: every worker). */
  readonly faultTask?: string;
  /** `fast`: the same rules with `for` durations in seconds, evaluated every second. */
  readonly alertTiming?: AlertTiming;
  /** The GPU collector's cost configuration (as prometheus/cost.yml); default: that empty one. */
  readonly costConfig?: string;
}

/** One training worker of a stack, as the stack sees it now. */
export interface TrainerState {
  readonly job: string;
  readonly task: string;
  /** Its /metrics base URL, reachable from the test process. */
  readonly url: string;
  readonly running: boolean;
}

/** A started stack on either runtime; `stop()` (or `await using`) takes everything down. */
export interface TrainwatchStack extends AsyncDisposable {
  readonly runtime: Runtime;
  readonly prometheusUrl: string;
  readonly pushgatewayUrl: string;
  readonly alertmanagerUrl: string;
  /** Grafana and its admin, where the stack runs one (containers with a Grafana image). */
  readonly grafana?: { readonly url: string; readonly admin: GrafanaAuth };
  /** The `source` label of the GPU collector's series (`replay` without a GPU). */
  readonly gpuSource: string;
  trainers(): Promise<readonly TrainerState[]>;
  /** Everything a trainer printed so far. */
  trainerLog(task: string): Promise<string>;
  /** What is still there after `stop()`: live processes or containers and volumes; empty when clean. */
  leftovers(): Promise<readonly string[]>;
  stop(): Promise<void>;
}
