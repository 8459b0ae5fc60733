import type { TrainingRecorder } from "./create-training-recorder.js";
import type { ReportMode } from "./report-mode.js";

/** The logs tfjs passes to callbacks, numbers once resolved. */
type Logs = Readonly<Record<string, number | undefined>>;

/** The subset of tfjs `CustomCallbackArgs` this callback fills; pass it to `model.fit`. */
export interface TfjsCallback {
  onTrainBegin?: (logs?: Logs) => Promise<void> | void;
  onEpochBegin?: (epoch: number, logs?: Logs) => Promise<void> | void;
  onBatchBegin?: (batch: number, logs?: Logs) => Promise<void> | void;
  onBatchEnd?: (batch: number, logs?: Logs) => Promise<void> | void;
  onEpochEnd?: (epoch: number, logs?: Logs) => Promise<void> | void;
}

export interface TfjsCallbackOptions {
  readonly recorder: TrainingRecorder;
  /** Must match the recorder's mode. In per-epoch mode no batch hook is installed, so tfjs does
   *  not read the loss off the device after every batch; steps and examples per epoch are then
   *  taken from `stepsPerEpoch` and `examplesPerEpoch`. */
  readonly report?: ReportMode;
  readonly stepsPerEpoch?: number;
  readonly examplesPerEpoch?: number;
  /** Called after each batch, e.g. to stop training (`model.stopTraining = true`). */
  readonly afterBatch?: (batch: number) => void;
}

/** tfjs names accuracy `acc` or `accuracy` depending on how the metric was given. */
const accuracyOf = (logs: Logs | undefined, prefix = "") =>
  logs?.[`${prefix}acc`] ?? logs?.[`${prefix}accuracy`];

/**
 * Creates a `model.fit` callback that records every batch and epoch through `recorder`.
 *
 * @example await model.fit(xs, ys, { callbacks: createTfjsCallback({ recorder }) })
 */
export function createTfjsCallback(options: TfjsCallbackOptions): TfjsCallback {
  const { recorder, report = { kind: "step" }, afterBatch } = options;
  let batchStart = 0;
  const callback: TfjsCallback = {
    onEpochEnd(epoch, logs) {
      recorder.recordEpoch({
        epoch: epoch + 1,
        loss: logs?.loss,
        accuracy: accuracyOf(logs),
        validationLoss: logs?.val_loss,
        validationAccuracy: accuracyOf(logs, "val_"),
        steps: options.stepsPerEpoch,
        examples: options.examplesPerEpoch,
      });
    },
  };
  if (report.kind !== "epoch") {
    callback.onBatchBegin = () => {
      batchStart = performance.now();
    };
    callback.onBatchEnd = (batch, logs) => {
      recorder.recordStep({
        loss: logs?.loss ?? Number.NaN,
        accuracy: accuracyOf(logs),
        examples: logs?.size ?? 0,
        durationSeconds: (performance.now() - batchStart) / 1000,
      });
      afterBatch?.(batch);
    };
  } else if (afterBatch) {
    callback.onBatchEnd = (batch) => afterBatch(batch);
  }
  return callback;
}
