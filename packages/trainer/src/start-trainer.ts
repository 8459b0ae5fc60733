import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { TrainingState } from "@trainwatch/catalog";
import type { Logger } from "@trainwatch/cli-kit";
import {
  createMetricsApp,
  createPushgatewayPusher,
  createTrainingRecorder,
  startMetricsServer,
} from "@trainwatch/exporter";
import { collectDefaultMetrics, Registry } from "prom-client";
import { createControlRouter } from "./create-control-router.js";
import type { ProgressMode } from "./create-progress-callback.js";
import { fitMnist } from "./fit-mnist.js";
import { type BackendName, selectBackend } from "./select-backend.js";
import { startEmbeddedGpuCollector } from "./start-embedded-gpu-collector.js";
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
  readonly error?: Error;
}

/** A running trainer. */
export interface TrainerHandle extends AsyncDisposable {
  readonly metricsUrl: string;
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
 * Starts an instrumented MNIST training run: picks the backend, serves `/metrics` and
 * `/control/stop`, trains in the background and, however the run ends, pushes its final
 * state. Monitoring trouble (a failing push) is logged and never ends training.
 *
 * @throws TrainwatchError("port_in_use") before training starts, when the metrics port is taken.
 */
export async function startTrainer(
  config: TrainerConfig,
  { logger, progress }: TrainerDependencies,
): Promise<TrainerHandle> {
  const { job, task } = config;
  const runId = config.runId ?? randomUUID().slice(0, 8);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const recorder = createTrainingRecorder({
    registry,
    job,
    task,
    report: config.report,
    smoothing: config.smoothing,
  });
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

  const routes = createControlRouter({ token: config.controlToken, stop });
  const app = createMetricsApp({ registry, auth: config.metricsAuth, routes });
  const server = await startMetricsServer(app, {
    host: config.metricsHost,
    port: config.metricsPort,
  });
  const selected = await selectBackend(config.backend, {
    needsConvGradients: config.model === "cnn",
  }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const { tf, name: backend } = selected;
  for (const reason of selected.skipped) logger.info(`skipped backend ${reason}`);
  logger.info(`training ${config.model} on backend ${backend}; metrics at ${server.url}/metrics`);
  recorder.setRunInfo({
    runId,
    backend,
    model: config.model,
    optimizer: config.optimizer,
    pid: process.pid,
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
  const gpu = await startEmbeddedGpuCollector(config, registry, logger);
  const pusher = config.pushgatewayUrl
    ? createPushgatewayPusher({ url: config.pushgatewayUrl, registry, job, task, logger })
    : undefined;
  const periodic =
    pusher && config.pushInterval > 0
      ? pusher.startPeriodic(config.pushInterval * 1000)
      : undefined;

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
    periodic?.stop();
    await gpu?.close();
    const finalPushAccepted = pusher ? await pusher.push() : undefined;
    if (config.linger > 0) {
      logger.info(`training ${state}; serving the final metrics for ${config.linger} s more`);
      await sleep(config.linger * 1000);
    }
    await server.close();
    const { steps, examples } = recorder;
    return {
      state,
      stopReason,
      backend,
      steps,
      examples,
      examplesPerSecond: examples / seconds,
      finalPushAccepted,
      error,
    };
  })();

  return {
    metricsUrl: server.url,
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
