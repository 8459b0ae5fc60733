import type * as tfType from "@tensorflow/tfjs";
import type { Logger } from "@trainwatch/cli-kit";
import { createTfjsCallback, type TrainingRecorder } from "@trainwatch/exporter";
import { createBatchDataset } from "./create-batch-dataset.js";
import { createFaultCallback, createLossSpike } from "./create-fault-callback.js";
import { createNormCallback } from "./create-norm-callback.js";
import { createPaceCallback } from "./create-pace-callback.js";
import { createProgressCallback, type ProgressMode } from "./create-progress-callback.js";
import { loadMnist } from "./data.js";
import { createModel } from "./model.js";
import { modelTrainingFlops } from "./model-flops.js";
import type { TrainerConfig } from "./trainer-config.js";
import { watchGpuThrottle } from "./watch-gpu-throttle.js";
import { writeCheckpoint } from "./write-checkpoint.js";

export interface FitContext {
  readonly tf: typeof tfType;
  readonly recorder: TrainingRecorder;
  readonly progress: ProgressMode;
  readonly logger: Logger;
  /** Resolves once a stop was requested (a stalled run waits for it). */
  readonly stopRequested: Promise<void>;
  /** Whether a stop was requested. */
  readonly stopping: () => boolean;
  /** Receives the model, so a stop request can set `stopTraining` on it. */
  readonly onModel: (model: { stopTraining: boolean }) => void;
}

/**
 * Loads MNIST, builds the model and fits it from a `tf.data` input pipeline with the recording,
 * checkpoint, progress and fault callbacks. Resolves with the error that ended training, or
 * undefined; always frees the tensors.
 */
export async function fitMnist(
  config: TrainerConfig,
  context: FitContext,
): Promise<Error | undefined> {
  const { tf, recorder, logger } = context;
  const data = loadMnist(tf, config);
  const model = createModel(tf, {
    kind: config.model,
    optimizer: config.optimizer,
    learningRate: config.learningRate,
  });
  context.onModel(model);
  const stepsPerEpoch = Math.ceil(data.train.size / config.batchSize);
  recorder.setStepsPlanned(stepsPerEpoch * config.epochs);
  recorder.setFlopsPerExample(modelTrainingFlops(model));
  if (config.earlyStopPatience !== undefined)
    recorder.setEarlyStopPatience(config.earlyStopPatience);
  const gpuWatch =
    config.faultFollowGpu === undefined
      ? undefined
      : watchGpuThrottle(config.faultFollowGpu, { logger });
  const faults = {
    stallAfter: config.faultStallAfter,
    nanAfter: config.faultNanAfter,
    divergeAfter: config.faultDivergeAfter,
    slowBatchSeconds: config.faultSlowBatch,
    slowAfter: config.faultSlowAfter,
    slowFactor: config.faultSlowFactor,
    slowInputSeconds: config.faultSlowInput,
    lossSpike:
      config.faultLossSpikeAfter === undefined
        ? undefined
        : createLossSpike(
            config.faultLossSpikeAfter,
            config.faultLossSpikeSeconds,
            () => recorder.steps,
          ),
    gpuThrottled: gpuWatch?.throttled,
  };
  try {
    const batches = createBatchDataset(tf, data.train, {
      batchSize: config.batchSize,
      seed: config.seed,
      corruptLabels: faults.lossSpike?.active,
    });
    await model.fitDataset(batches, {
      epochs: config.epochs,
      validationData: [data.validation.xs, data.validation.ys],
      yieldEvery: "batch",
      callbacks: [
        // fit clears stopTraining after onTrainBegin: a stop asked for before then applies here.
        {
          onEpochBegin: () => {
            if (context.stopping()) model.stopTraining = true;
          },
        },
        createPaceCallback(config.minStepSeconds),
        createFaultCallback(faults, {
          tf,
          model,
          stopRequested: context.stopRequested,
          onLearningRate: (lr) => recorder.setLearningRate(lr),
          onFault: (fault, active) => recorder.setFaultActive(fault, active),
          logger,
        }),
        createTfjsCallback({
          recorder,
          report: config.report,
          stepsPerEpoch,
          examplesPerEpoch: data.train.size,
        }),
        createNormCallback(tf, model, config.normEvery, (weight, update) =>
          recorder.recordNorms(weight, update),
        ),
        createProgressCallback(context.progress, {
          epochs: config.epochs,
          stepsPerEpoch,
          examplesPerEpoch: data.train.size,
          prefix: `[trainer ${config.job}/${config.task}] `,
        }),
        ...(config.checkpointDir === undefined
          ? []
          : [checkpointCallback({ ...context, model, dir: config.checkpointDir })]),
      ],
    });
    return undefined;
  } catch (caught) {
    return caught instanceof Error ? caught : new Error(String(caught));
  } finally {
    gpuWatch?.close();
    try {
      model.dispose();
      data.dispose();
    } catch (error) {
      logger.warn(`could not free the model's tensors: ${(error as Error).message}`);
    }
  }
}

/** Writes a checkpoint after every epoch and records its time; a failed write is logged, and training goes on. */
function checkpointCallback({
  tf,
  recorder,
  logger,
  model,
  dir,
}: Pick<FitContext, "tf" | "recorder" | "logger"> & {
  readonly model: tfType.LayersModel;
  readonly dir: string;
}) {
  return {
    onEpochEnd: async (epoch: number) => {
      const started = performance.now();
      try {
        await writeCheckpoint(tf, model, { dir, epoch: epoch + 1 });
        recorder.recordCheckpoint((performance.now() - started) / 1000);
      } catch (error) {
        logger.warn(
          `could not write the checkpoint of epoch ${epoch + 1} to ${dir}: ${(error as Error).message}`,
        );
      }
    },
  };
}
