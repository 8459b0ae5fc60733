import { Worker } from "node:worker_threads";
import { type Logger, TrainwatchError } from "@trainwatch/cli-kit";
import type { AuthConfig, LoadedWebConfig } from "@trainwatch/http-kit";
import { Registry } from "prom-client";
import {
  createTrainingRecorder,
  type TrainingRecorderOptions,
} from "./create-training-recorder.js";
import type { MetricFamilyJson } from "./exposition/to-protobuf.js";
import { startLoopHeartbeat } from "./loop-heartbeat.js";
import type {
  FinishResult,
  FromMetricsThread,
  MetricsThreadData,
  ThreadCollector,
  ToMetricsThread,
} from "./metrics-thread-protocol.js";
import { registerDefaultMetrics } from "./register-default-metrics.js";
import type { TrainingRecorder } from "./training-recorder.js";

export interface MetricsThreadOptions
  extends Omit<TrainingRecorderOptions, "registry" | "memory" | "now"> {
  readonly host?: string;
  /** Port of `/metrics`; 0 picks a free one. */
  readonly port: number;
  readonly auth?: AuthConfig;
  /**
   * Serves `/metrics` and the control port as this web.yml says (TLS, client certificates,
   * headers); its `basic_auth_users` must already be in `auth` (see `webConfigAuth`).
   */
  readonly web?: LoadedWebConfig;
  /** Bearer token of `POST /control/stop`; undefined disables remote stop. */
  readonly controlToken?: string;
  /**
   * Serves `POST /control/stop` on a port of its own (0 picks one), not beside `/metrics`: so
   * that a network policy can let the scraper reach one and the stopper the other.
   */
  readonly controlPort?: number;
  /** Pushes to this Pushgateway (every `intervalSeconds` when > 0, and the final state);
   *  a final push that fails is written to `spoolDir`. */
  readonly pushgateway?: MetricsThreadData["pushgateway"];
  /** Pushes to this OTLP/HTTP endpoint (OpenTelemetry's metrics protocol), as well as serving
   *  `/metrics`, every `intervalSeconds` and at the end. */
  readonly otlp?: MetricsThreadData["otlp"];
  readonly collectors?: readonly ThreadCollector[];
  /** Also writes the metrics thread's lines (as messages, so they wait for a batch to end). */
  readonly logger: Logger;
  /** How often the training thread's own `nodejs_*` metrics are rendered for it; default 5 s. */
  readonly threadMetricsIntervalMs?: number;
  /** Period of the heartbeat that measures how long the training thread blocks; default 25 ms. */
  readonly heartbeatIntervalMs?: number;
}

/** The training thread's side of a running metrics thread. */
export interface MetricsThread extends AsyncDisposable {
  readonly url: string;
  readonly port: number;
  /** The port of `POST /control/stop` when it has one of its own (`controlPort`). */
  readonly controlPort?: number;
  /** Records into the memory the metrics thread serves. */
  readonly recorder: TrainingRecorder;
  /** Calls `listener` on this thread for each `POST /control/stop` (between batches). */
  onStop(listener: (reason: string) => void): void;
  /**
   * Ends the run's monitoring: pushes the final state (spooling it if the push fails), keeps
   * serving until a scrape read it or `lingerSeconds` passed, then stops the thread.
   * Set the recorder's final status first.
   */
  finish(options: {
    readonly lingerSeconds: number;
    readonly runId: string;
  }): Promise<FinishResult>;
}

// Under vitest this module runs from src/; the worker needs the built JavaScript.
const entry = import.meta.url.endsWith(".ts")
  ? new URL("../dist/metrics-thread-main.js", import.meta.url)
  : new URL("./metrics-thread-main.js", import.meta.url);

/**
 * Starts the thread that serves a training run's metrics, so `/metrics` and `/control/stop`
 * answer while a batch blocks this thread, and a heartbeat that measures how long it blocks.
 *
 * @throws TrainwatchError("port_in_use") naming the address when the port is taken.
 */
export async function startMetricsThread(options: MetricsThreadOptions): Promise<MetricsThread> {
  const recorder = createTrainingRecorder(options);
  const data: MetricsThreadData = {
    memory: recorder.memory,
    job: options.job,
    task: options.task,
    host: options.host ?? "127.0.0.1",
    port: options.port,
    auth: options.auth ?? { kind: "none" },
    web: options.web,
    controlToken: options.controlToken,
    controlPort: options.controlPort,
    pushgateway: options.pushgateway,
    collectors: options.collectors ?? [],
    ...(options.otlp && { otlp: options.otlp }),
  };
  const worker = new Worker(entry, { workerData: data, name: "trainwatch-metrics" });
  const send = (message: ToMetricsThread) => worker.postMessage(message);
  const stopListeners: ((reason: string) => void)[] = [];
  const ready = new Promise<{ url: string; port: number; controlPort?: number }>(
    (resolve, reject) => {
      worker.once("error", reject);
      worker.on("message", (message: FromMetricsThread) => {
        if (message.type === "ready") resolve(message);
        else if (message.type === "failed") {
          // The thread's only expected failure is a taken port; anything else is a bug.
          reject(
            message.code === "port_in_use"
              ? new TrainwatchError("port_in_use", message.message)
              : new Error(`the metrics thread could not start: ${message.message}`),
          );
        } else if (message.type === "stop") {
          for (const listener of stopListeners) listener(message.reason);
        } else if (message.type === "log") options.logger[message.level](message.message);
      });
    },
  );
  const address = await ready.catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  worker.on("error", (error) => options.logger.warn(`metrics thread failed: ${error.message}`));

  const heartbeat = startLoopHeartbeat(recorder.memory, options.heartbeatIntervalMs);
  const threadRegistry = new Registry();
  registerDefaultMetrics(threadRegistry, "thread");
  const sendThreadMetrics = async () =>
    send({
      type: "thread-metrics",
      families: (await threadRegistry.getMetricsAsJSON()) as unknown as MetricFamilyJson[],
    });
  await sendThreadMetrics();
  const threadMetrics = setInterval(sendThreadMetrics, options.threadMetricsIntervalMs ?? 5000);
  threadMetrics.unref();

  let finished: Promise<FinishResult> | undefined;
  const finish = ({ lingerSeconds, runId }: { lingerSeconds: number; runId: string }) => {
    finished ??= (async () => {
      clearInterval(threadMetrics);
      heartbeat.stop();
      await sendThreadMetrics();
      const result = new Promise<FinishResult>((resolve, reject) => {
        worker.on("message", (message: FromMetricsThread) => {
          if (message.type === "finished") resolve(message.result);
        });
        worker.once("exit", () => reject(new Error("the metrics thread exited before finishing")));
      });
      send({ type: "finish", lingerMs: lingerSeconds * 1000, runId });
      try {
        return await result;
      } finally {
        await worker.terminate();
      }
    })();
    return finished;
  };
  return {
    url: address.url,
    port: address.port,
    ...(address.controlPort !== undefined && { controlPort: address.controlPort }),
    recorder,
    onStop: (listener) => stopListeners.push(listener),
    finish,
    async [Symbol.asyncDispose]() {
      if (finished) await finished.catch(() => undefined);
      clearInterval(threadMetrics);
      heartbeat.stop();
      await worker.terminate();
    },
  };
}
