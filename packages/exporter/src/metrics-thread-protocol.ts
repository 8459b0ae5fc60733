import type { AuthConfig, LoadedWebConfig } from "@trainwatch/http-kit";
import type { MetricFamilyJson } from "./exposition/to-protobuf.js";
import type { TrainingMemory } from "./training-memory.js";

/**
 * A collector the metrics thread starts on its own registry: `module` is imported there and
 * its export `name` called with `{ registry, logger, ...options }`; what it returns is closed
 * (`close()`) when the thread ends. Options must be plain data (they are copied to the thread).
 *
 * @example { metrics: "GPU metrics", module: import.meta.resolve("@trainwatch/gpu-collector"), name: "startGpuCollector", options: { source } }
 */
export interface ThreadCollector {
  /** What it exports, for messages: "GPU metrics" → "GPU metrics are off: …". */
  readonly metrics: string;
  readonly module: string;
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Everything the metrics thread is started with (`workerData`). */
export interface MetricsThreadData {
  readonly memory: TrainingMemory;
  readonly job: string;
  readonly task: string;
  readonly host: string;
  readonly port: number;
  readonly auth: AuthConfig;
  /** web.yml's TLS, client-certificate policy and headers for both ports (its users are in `auth`). */
  readonly web?: LoadedWebConfig;
  /** Bearer token of `POST /control/stop`; undefined disables it. */
  readonly controlToken: string | undefined;
  /** Serves `POST /control/stop` on this port alone (0: a free one); undefined: on `port`. */
  readonly controlPort?: number;
  readonly pushgateway:
    | { readonly url: string; readonly intervalSeconds: number; readonly spoolDir?: string }
    | undefined;
  readonly collectors: readonly ThreadCollector[];
  /** Pushes everything it serves to this OTLP/HTTP metrics endpoint every `intervalSeconds`,
   *  and the final state at the end. */
  readonly otlp?: { readonly url: string; readonly intervalSeconds: number };
}

/** How a run's end was delivered. */
export interface FinishResult {
  /** Whether the final push was accepted (undefined: no Pushgateway configured). */
  readonly pushed: boolean | undefined;
  /** Where a failed final push was spooled. */
  readonly spoolFile?: string;
  /** Whether a scrape read the final state before the linger bound passed. */
  readonly scraped: boolean;
  /** Whether the OTLP endpoint accepted the final state (undefined: no OTLP push configured). */
  readonly otlpPushed?: boolean;
}

/** Training thread → metrics thread. */
export type ToMetricsThread =
  /** The training thread's own `nodejs_*` metrics, read there (heap, GC, event loop). */
  | { readonly type: "thread-metrics"; readonly families: readonly MetricFamilyJson[] }
  /** Push the final state, wait up to `lingerMs` for a scrape of it, then close. */
  | { readonly type: "finish"; readonly lingerMs: number; readonly runId: string };

/** Metrics thread → training thread. */
export type FromMetricsThread =
  | {
      readonly type: "ready";
      readonly url: string;
      readonly port: number;
      readonly controlPort?: number;
    }
  | { readonly type: "failed"; readonly code: string | undefined; readonly message: string }
  | { readonly type: "stop"; readonly reason: string }
  /** A line for the training thread's logger (the metrics thread has none of its own). */
  | { readonly type: "log"; readonly level: "info" | "warn"; readonly message: string }
  | { readonly type: "finished"; readonly result: FinishResult };
