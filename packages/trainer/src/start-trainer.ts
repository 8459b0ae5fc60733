import { randomUUID } from "node:crypto";
import type { TrainingState } from "@trainwatch/catalog";
import type { Logger } from "@trainwatch/cli-kit";
import { type MetricsThread, ownIdentity, startMetricsThread } from "@trainwatch/exporter";
import type { ProgressMode } from "./create-progress-callback.js";
import { createStopSwitch, type StopSwitch } from "./create-stop-switch.js";
import { fitMnist } from "./fit-mnist.js";
import { metricsThreadOptions } from "./metrics-thread-options.js";
import { recordRunStart } from "./record-run-start.js";
import { type BackendName, type SelectedBackend, selectBackend } from "./select-backend.js";
import type { TrainerConfig } from "./trainer-config.js";

/** How a run ended, with the figures the CLI prints. */
export interface TrainerResult {
  readonly state: Exclude<TrainingState, "running">;
  readonly stopReason: string | undefined;
  readonly backend: BackendName;
  readonly steps: number;
  readonly examples: number;
  /** Training examples per second over the whole fit (validation passes included). */
  readonly examplesPerSecond: number;
  /** Whether the final state reached the Pushgateway (undefined: none configured). */
  readonly finalPushAccepted: boolean | undefined;
  /** Where the final state was kept when the push failed, for `trainwatch flush`. */
  readonly spoolFile: string | undefined;
  /** Whether a scrape read the final state while the trainer lingered. */
  readonly finalScraped: boolean;
  readonly error?: Error;
}

/** A running trainer. */
export interface TrainerHandle extends AsyncDisposable {
  readonly metricsUrl: string;
  /** Where `POST /control/stop` answers: `metricsUrl`, or its own port (`--control-port`). */
  readonly controlUrl: string;
  readonly backend: BackendName;
  readonly runId: string;
  /** Stops after the current batch (status `stopped`); repeated calls change nothing. */
  stop(reason: string): { state: string };
  /** Settles when training has ended, the final state is pushed and the server is closed. */
  readonly done: Promise<TrainerResult>;
}

export interface TrainerDependencies {
  readonly logger: Logger;
  readonly progress: ProgressMode;
}

/**
 * Starts an instrumented MNIST training run: serves `/metrics` and `/control/stop` from a
 * thread of their own (they answer while a batch runs), picks the backend, trains in the
 * background and, however the run ends, pushes its final state (spooling it when the push
 * fails) and serves it until scraped. Monitoring trouble is logged and never ends training.
 *
 * @throws TrainwatchError("port_in_use") before training starts, when the metrics port is taken;
 *   TrainwatchError("usage") when TRAINWATCH_POD_UID is no pod uid.
 */
export async function startTrainer(
  config: TrainerConfig,
  { logger, progress }: TrainerDependencies,
): Promise<TrainerHandle> {
  const runId = config.runId ?? randomUUID().slice(0, 8);
  // Its container and pod, for the join of GPU processes to this run (TRAINWATCH_POD_UID checked).
  const identity = ownIdentity();
  const thread = await startMetricsThread(metricsThreadOptions(config, logger));
  const stopSwitch = createStopSwitch(thread.recorder, logger);
  thread.onStop(stopSwitch.stop);
  const selected = await selectBackend(config.backend, {
    needsConvGradients: config.model === "cnn",
  }).catch(async (error: unknown) => {
    await thread[Symbol.asyncDispose]();
    throw error;
  });
  for (const reason of selected.skipped) logger.info(`skipped backend ${reason}`);
  logger.info(
    `training ${config.model} on backend ${selected.name}; metrics at ${thread.url}/metrics`,
  );
  recordRunStart(thread.recorder, config, {
    runId,
    backend: selected.name,
    identity,
    controlPort: thread.controlPort,
  });
  const done = trainToEnd(config, { thread, selected, stopSwitch, runId, logger, progress });
  const url = new URL(thread.url);
  return {
    metricsUrl: thread.url,
    controlUrl:
      thread.controlPort === undefined
        ? thread.url
        : `${url.protocol}//${url.hostname}:${thread.controlPort}`,
    backend: selected.name,
    runId,
    stop: stopSwitch.stop,
    done,
    async [Symbol.asyncDispose]() {
      stopSwitch.stop("disposed");
      await done;
    },
  };
}

/**
 * Fits the model, then, however training ended (even by a bug), marks the run, pushes its
 * final state, serves it until scraped and closes the metrics thread.
 */
async function trainToEnd(
  config: TrainerConfig,
  run: TrainerDependencies & {
    readonly thread: MetricsThread;
    readonly selected: SelectedBackend;
    readonly stopSwitch: StopSwitch;
    readonly runId: string;
  },
): Promise<TrainerResult> {
  const { thread, stopSwitch, logger } = run;
  const { recorder } = thread;
  const started = performance.now();
  const error = await fitMnist(config, {
    tf: run.selected.tf,
    recorder,
    progress: run.progress,
    logger,
    stopRequested: stopSwitch.requested,
    stopping: () => stopSwitch.reason() !== undefined,
    onModel: stopSwitch.attach,
  }).catch((caught: unknown) => (caught instanceof Error ? caught : new Error(String(caught))));
  const seconds = (performance.now() - started) / 1000;
  if (error) logger.warn(`training failed: ${error.message}`);
  const stopReason = stopSwitch.reason();
  const state = error ? "failed" : stopReason !== undefined ? "stopped" : "completed";
  recorder.setStatus(state);
  if (config.linger > 0) {
    logger.info(
      `training ${state}; serving /metrics until it is scraped (${config.linger} s at most)`,
    );
  }
  // A metrics thread that died must not cost the run its result.
  const end = await thread
    .finish({ lingerSeconds: config.linger, runId: run.runId })
    .catch((caught: Error) => {
      logger.warn(`the metrics thread failed at the end of the run: ${caught.message}`);
      return { pushed: config.pushgatewayUrl ? false : undefined, scraped: false } as const;
    });
  const { steps, examples } = recorder;
  return {
    state,
    stopReason,
    backend: run.selected.name,
    steps,
    examples,
    examplesPerSecond: examples / seconds,
    finalPushAccepted: end.pushed,
    spoolFile: "spoolFile" in end ? end.spoolFile : undefined,
    finalScraped: end.scraped,
    error,
  };
}
