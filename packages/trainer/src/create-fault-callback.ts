import type * as tfType from "@tensorflow/tfjs";
import type { Logger } from "@trainwatch/cli-kit";
import type { TfjsCallback } from "@trainwatch/exporter";

/** Faults injected on purpose, for demos and alerting tests; each counts steps from the start. */
export interface Faults {
  /** After this many steps, stop making progress (still "running") until asked to stop. */
  readonly stallAfter?: number;
  /**
   * After this many steps, poison the weights with NaN and report the train loss as NaN from
   * then on (tfjs clips cross-entropy, so NaN weights alone show as a loss of 16.1).
   */
  readonly nanAfter?: number;
  /** After this many steps, multiply the learning rate by 1000, so the loss diverges. */
  readonly divergeAfter?: number;
  /** Keep the training thread busy this many seconds in every batch, as a heavy batch would. */
  readonly slowBatchSeconds?: number;
  /** From this step on, make every batch take `slowFactor` times as long (a straggling worker). */
  readonly slowAfter?: number;
  /** How much slower a batch gets from `slowAfter` on; default 4. */
  readonly slowFactor?: number;
}

export interface FaultContext {
  readonly tf: typeof tfType;
  readonly model: tfType.LayersModel;
  /** Resolves once a stop was requested; a stalled run waits for it. */
  readonly stopRequested: Promise<void>;
  readonly onLearningRate: (learningRate: number) => void;
  readonly logger: Logger;
}

/**
 * Creates a `model.fit` callback that injects the requested faults into training itself
 * (weights, learning rate, progress), so alerts see the symptoms a real fault would cause.
 * Put it first among the callbacks.
 */
export function createFaultCallback(
  faults: Faults,
  { tf, model, stopRequested, onLearningRate, logger }: FaultContext,
): TfjsCallback {
  if (
    faults.stallAfter === undefined &&
    faults.nanAfter === undefined &&
    faults.divergeAfter === undefined &&
    faults.slowBatchSeconds === undefined &&
    faults.slowAfter === undefined
  )
    return {};
  let steps = 0;
  let batchStart = 0;
  const slowFactor = faults.slowFactor ?? 4;
  return {
    onBatchBegin: () => {
      batchStart = performance.now();
    },
    // Runs before the recorder's callback: tfjs hands every callback the same logs object.
    onBatchEnd: async (_batch, logs) => {
      steps += 1;
      if (faults.slowBatchSeconds !== undefined) busyFor(faults.slowBatchSeconds * 1000);
      if (faults.slowAfter !== undefined && steps >= faults.slowAfter) {
        if (steps === faults.slowAfter)
          logger.warn(`fault injected after ${steps} steps: every batch ${slowFactor}× slower`);
        busyFor((performance.now() - batchStart) * (slowFactor - 1));
      }
      if (faults.nanAfter !== undefined && steps >= faults.nanAfter && logs) {
        (logs as Record<string, number>).loss = Number.NaN;
      }
      if (steps === faults.nanAfter) {
        logger.warn(`fault injected after ${steps} steps: weights set to NaN`);
        for (const layer of model.layers) {
          // getWeights() hands out the variables' own tensors: make new ones, never dispose those.
          const poisoned = layer.getWeights().map((w) => tf.mul(w, Number.NaN));
          layer.setWeights(poisoned);
          tf.dispose(poisoned);
        }
      }
      if (steps === faults.divergeAfter) {
        const optimizer = model.optimizer as unknown as { learningRate: number };
        optimizer.learningRate *= 1000;
        onLearningRate(optimizer.learningRate);
        logger.warn(
          `fault injected after ${steps} steps: learning rate raised to ${optimizer.learningRate}`,
        );
      }
      if (steps === faults.stallAfter) {
        logger.warn(`fault injected after ${steps} steps: training stalls until stopped`);
        await stopRequested;
      }
    },
  };
}

/** Blocks this thread for `ms`, computing, as a batch does. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin: the point is to hold the event loop
  }
}
