import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { TrainingState } from "@trainwatch/catalog";
import type { Logger } from "@trainwatch/cli-kit";
import { ownIdentity, startMetricsThread, type ThreadCollector } from "@trainwatch/exporter";
import type { ProgressMode } from "./create-progress-callback.js";
import { fitMnist } from "./fit-mnist.js";
import { type BackendName, selectBackend } from "./select-backend.js";
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
  const { job, task } = config;
  const runId = config.runId ?? randomUUID().slice(0, 8);
  // Its container and pod, for the join of GPU processes to this run (TRAINWATCH_POD_UID checked).
  const identity = ownIdentity();
  const thread = await startMetricsThread({
    job,
    task,
    report: config.report,
    smoothing: config.smoothing,
    host: config.metricsHost,
    port: config.metricsPort,
    controlPort: config.controlPort,
    auth: config.metricsAuth,
    controlToken: config.controlToken,
    pushgateway: config.pushgatewayUrl
      ? {
          url: config.pushgatewayUrl,
          intervalSeconds: config.pushInterval,
          spoolDir: config.spoolDir,
        }
      : undefined,
    collectors: gpuCollectors(config),
    logger,
  });
  const { recorder } = thread;
  let stopReason: string | undefined;
  let requestStop = () => {};
  const stopRequested = new Promise<void>((resolve) => {
    requestStop = resolve;
  });
  let model: { stopTraining: boolean } | undefined;
  const stop = (reason: string) => {
    if (recorder.status !== undefined && recorder.status !== "running")
      return { state: recorder.status };
    if (stopReason === undefined) {
      stopReason = reason;
      logger.info(`stop requested (${reason}): stopping after the current batch`);
      recorder.setStopReason(reason);
      requestStop();
      if (model) model.stopTraining = true;
    }
    return { state: "stopping" };
  };

  thread.onStop(stop);
  const selected = await selectBackend(config.backend, {
    needsConvGradients: config.model === "cnn",
  }).catch(async (error: unknown) => {
    await thread[Symbol.asyncDispose]();
    throw error;
  });
  const { tf, name: backend } = selected;
  for (const reason of selected.skipped) logger.info(`skipped backend ${reason}`);
  logger.info(`training ${config.model} on backend ${backend}; metrics at ${thread.url}/metrics`);
  recorder.setRunInfo({
    runId,
    backend,
    model: config.model,
    optimizer: config.optimizer,
    pid: process.pid,
    ...identity,
    ...(thread.controlPort !== undefined && { controlPort: thread.controlPort }),
    hyperparameters: {
      batch_size: config.batchSize,
      learning_rate: config.learningRate,
      epochs: config.epochs,
      seed: config.seed,
    },
  });
  recorder.setEpochsPlanned(config.epochs);
  recorder.setLearningRate(config.learningRate);
  recorder.setStatus("running");

  const done = (async (): Promise<TrainerResult> => {
    const started = performance.now();
    // However training ends, even by a bug, the run is marked, pushed and its server closed.
    const error = await fitMnist(config, {
      tf,
      recorder,
      progress,
      logger,
      stopRequested,
      stopping: () => stopReason !== undefined,
      onModel: (m) => {
        model = m;
      },
    }).catch((caught: unknown) => (caught instanceof Error ? caught : new Error(String(caught))));
    const seconds = (performance.now() - started) / 1000;
    if (error) logger.warn(`training failed: ${error.message}`);
    const state = error ? "failed" : stopReason !== undefined ? "stopped" : "completed";
    recorder.setStatus(state);
    if (config.linger > 0) {
      logger.info(
        `training ${state}; serving /metrics until it is scraped (${config.linger} s at most)`,
      );
    }
    // A metrics thread that died must not cost the run its result.
    const end = await thread
      .finish({ lingerSeconds: config.linger, runId })
      .catch((caught: Error) => {
        logger.warn(`the metrics thread failed at the end of the run: ${caught.message}`);
        return { pushed: config.pushgatewayUrl ? false : undefined, scraped: false } as const;
      });
    const { steps, examples } = recorder;
    return {
      state,
      stopReason,
      backend,
      steps,
      examples,
      examplesPerSecond: examples / seconds,
      finalPushAccepted: end.pushed,
      spoolFile: "spoolFile" in end ? end.spoolFile : undefined,
      finalScraped: end.scraped,
      error,
    };
  })();

  return {
    metricsUrl: thread.url,
    controlUrl:
      thread.controlPort === undefined
        ? thread.url
        : `${new URL(thread.url).protocol}//${new URL(thread.url).hostname}:${thread.controlPort}`,
    backend,
    runId,
    stop,
    done,
    async [Symbol.asyncDispose]() {
      stop("disposed");
      await done;
    },
  };
}

/** The GPU collector, started on the metrics thread when `--gpu` asks for one. */
function gpuCollectors(config: Pick<TrainerConfig, "gpu">): ThreadCollector[] {
  if (config.gpu.kind === "none") return [];
  return [
    {
      metrics: "GPU metrics",
      module: pathToFileURL(createRequire(import.meta.url).resolve("@trainwatch/gpu-collector"))
        .href,
      name: "startGpuCollector",
      options: { source: config.gpu },
    },
  ];
}
