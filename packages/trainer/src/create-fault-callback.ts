import { setTimeout } from "node:timers/promises";
import type * as tfType from "@tensorflow/tfjs";
import type { InjectedFault } from "@trainwatch/catalog";
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
  /** How much slower a batch gets from `slowAfter` on, or while `gpuThrottled`; default 4. */
  readonly slowFactor?: number;
  /**
   * While this says the GPU is thermally throttled (a GPU collector's clock events, see
   * `watchGpuThrottle`), every batch takes `slowFactor` times as long, as on a throttled GPU.
   */
  readonly gpuThrottled?: () => boolean;
  /** Wait this many seconds for every batch's input, as a slow data loader makes a run wait. */
  readonly slowInputSeconds?: number;
  /** A stretch of bad batches (see `createLossSpike`): told when it acts, for `training_fault_injected`. */
  readonly lossSpike?: LossSpike;
}

/** A stretch of batches with wrong labels: the loss spikes, the update norm with it, then both recover. */
export interface LossSpike {
  /** Whether the batch fetched now gets wrong labels. */
  readonly active: () => boolean;
}

/**
 * Creates a loss spike that starts once `steps()` reaches `after` and lasts `seconds`: each batch
 * fetched meanwhile has its labels shuffled, as a corrupted shard would, so the gradients are
 * large and wrong while the learning rate and the optimizer stay as they are.
 */
export function createLossSpike(
  after: number,
  seconds: number,
  steps: () => number,
  now = () => performance.now(),
): LossSpike {
  let startedAt: number | undefined;
  return {
    active: () => {
      if (steps() < after) return false;
      startedAt ??= now();
      return now() - startedAt < seconds * 1000;
    },
  };
}

export interface FaultContext {
  readonly tf: typeof tfType;
  readonly model: tfType.LayersModel;
  /** Resolves once a stop was requested; a stalled run waits for it. */
  readonly stopRequested: Promise<void>;
  readonly onLearningRate: (learningRate: number) => void;
  /** Told when an injected fault starts or stops acting (`training_fault_injected`). */
  readonly onFault?: (fault: InjectedFault, active: boolean) => void;
  readonly logger: Logger;
}

/**
 * Creates a `model.fit` callback that injects the requested faults into training itself
 * (weights, learning rate, progress), so alerts see the symptoms a real fault would cause.
 * Put it first among the callbacks.
 */
export function createFaultCallback(
  faults: Faults,
  { tf, model, stopRequested, onLearningRate, onFault = () => {}, logger }: FaultContext,
): TfjsCallback {
  const planned: Record<InjectedFault, boolean> = {
    stall: faults.stallAfter !== undefined,
    nan: faults.nanAfter !== undefined,
    diverge: faults.divergeAfter !== undefined,
    slow_batch: faults.slowBatchSeconds !== undefined,
    slow: faults.slowAfter !== undefined,
    gpu_throttle: faults.gpuThrottled !== undefined,
    slow_input: faults.slowInputSeconds !== undefined,
    loss_spike: faults.lossSpike !== undefined,
  };
  if (!Object.values(planned).some(Boolean)) return {};
  /** Faults that act from the first step to the last. */
  const alwaysActive: string[] = ["slow_batch", "slow_input"];
  let steps = 0;
  let batchStart = 0;
  let throttled = false;
  let lossSpiking = false;

  const slowFactor = faults.slowFactor ?? 4;
  return {
    // Each planned fault is exported from the start, inactive until it acts.
    onTrainBegin: () => {
      for (const [fault, isPlanned] of Object.entries(planned))
        if (isPlanned) onFault(fault as InjectedFault, alwaysActive.includes(fault));
    },
    // The recording callback, after this one, counts the wait as the batch's input time.
    onBatchBegin: async () => {
      if (faults.slowInputSeconds !== undefined) await setTimeout(faults.slowInputSeconds * 1000);
      batchStart = performance.now();
    },
    // Runs before the recorder's callback: tfjs hands every callback the same logs object.
    onBatchEnd: async (_batch, logs) => {
      steps += 1;
      if (faults.slowBatchSeconds !== undefined) busyFor(faults.slowBatchSeconds * 1000);
      if (faults.slowAfter !== undefined && steps >= faults.slowAfter) {
        if (steps === faults.slowAfter) {
          logger.warn(`fault injected after ${steps} steps: every batch ${slowFactor}× slower`);
          onFault("slow", true);
        }
        busyFor((performance.now() - batchStart) * (slowFactor - 1));
      }
      const gpuThrottled = faults.gpuThrottled?.() ?? false;
      if (gpuThrottled !== throttled) {
        throttled = gpuThrottled;
        logger.warn(
          throttled
            ? `fault injected: the GPU reports a thermal slowdown, so every batch is ${slowFactor}× slower until it clears`
            : "the GPU's thermal slowdown cleared: batches at full speed again",
        );
        onFault("gpu_throttle", throttled);
      }
      if (throttled) busyFor((performance.now() - batchStart) * (slowFactor - 1));
      if (faults.nanAfter !== undefined && steps >= faults.nanAfter && logs) {
        (logs as Record<string, number>).loss = Number.NaN;
      }
      if (steps === faults.nanAfter) {
        logger.warn(`fault injected after ${steps} steps: weights set to NaN`);
        onFault("nan", true);
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
        onFault("diverge", true);
        logger.warn(
          `fault injected after ${steps} steps: learning rate raised to ${optimizer.learningRate}`,
        );
      }
      const spiking = faults.lossSpike?.active() ?? false;
      if (spiking !== lossSpiking) {
        lossSpiking = spiking;
        onFault("loss_spike", spiking);
        logger.warn(
          spiking
            ? `fault injected after ${steps} steps: every batch's labels shuffled, so the loss spikes`
            : "the loss spike's batches are over: labels right again",
        );
      }
      if (steps === faults.stallAfter) {
        logger.warn(`fault injected after ${steps} steps: training stalls until stopped`);
        onFault("stall", true);
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
