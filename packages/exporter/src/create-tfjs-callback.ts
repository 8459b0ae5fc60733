import type { ReportMode } from "./report-mode.js";
import type { TrainingRecorder } from "./training-recorder.js";

/** The logs tfjs passes to callbacks, numbers once resolved. */
type Logs = Readonly<Record<string, number | undefined>>;

/** The subset of tfjs `CustomCallbackArgs` this callback fills; pass it to `model.fit`. */
export interface TfjsCallback {
  onTrainBegin?: (logs?: Logs) => Promise<void> | void;
  onEpochBegin?: (epoch: number, logs?: Logs) => Promise<void> | void;
  onBatchBegin?: (batch: number, logs?: Logs) => Promise<void> | void;
  onBatchEnd?: (batch: number, logs?: Logs) => Promise<void> | void;
  onEpochEnd?: (epoch: number, logs?: Logs) => Promise<void> | void;
  onTrainEnd?: (logs?: Logs) => Promise<void> | void;
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
  /** A monotonic clock in milliseconds; `performance.now` unless a test sets it. */
  readonly now?: () => number;
}

/** tfjs names accuracy `acc` or `accuracy` depending on how the metric was given. */
const [trainAccuracy, validationAccuracy] = [
  ["acc", "accuracy"],
  ["val_acc", "val_accuracy"],
] as const;
const accuracyOf = (logs: Logs | undefined, [short, long]: readonly [string, string]) =>
  logs?.[short] ?? logs?.[long];

/**
 * Creates a `model.fit` or `model.fitDataset` callback that records every batch and epoch
 * through `recorder`, and where the time goes: a batch's own time is `compute`, the gap before
 * it (fetching the next batch) `input`, the gap between the epoch's last batch and its end (with
 * validation data) `validation`. Per-epoch mode installs no batch hook and splits no time.
 *
 * @example await model.fit(xs, ys, { callbacks: createTfjsCallback({ recorder }) })
 */
export function createTfjsCallback(options: TfjsCallbackOptions): TfjsCallback {
  const {
    recorder,
    report = { kind: "step" },
    afterBatch,
    now = () => performance.now(),
  } = options;
  let batchStart = 0;
  /** When the last batch, or the epoch, began or ended: the start of the next gap. */
  let lastMark: number | undefined;
  const sinceMark = () => (lastMark === undefined ? 0 : (now() - lastMark) / 1000);
  const callback: TfjsCallback = {
    onEpochBegin() {
      lastMark = now();
    },
    onEpochEnd(epoch, logs) {
      if (report.kind !== "epoch" && logs?.val_loss !== undefined) {
        recorder.recordPhase("validation", sinceMark());
      }
      recorder.recordEpoch({
        epoch: epoch + 1,
        loss: logs?.loss,
        accuracy: accuracyOf(logs, trainAccuracy),
        validationLoss: logs?.val_loss,
        validationAccuracy: accuracyOf(logs, validationAccuracy),
        steps: options.stepsPerEpoch,
        examples: options.examplesPerEpoch,
      });
    },
  };
  if (report.kind !== "epoch") {
    // One clock reading per hook: the gap before a batch ends where the batch begins, and the
    // batch ends where the next gap begins.
    callback.onBatchBegin = () => {
      batchStart = now();
      if (lastMark !== undefined) recorder.recordPhase("input", (batchStart - lastMark) / 1000);
    };
    callback.onBatchEnd = (batch, logs) => {
      lastMark = now();
      recorder.recordStep({
        loss: logs?.loss ?? Number.NaN,
        accuracy: accuracyOf(logs, trainAccuracy),
        examples: logs?.size ?? 0,
        durationSeconds: (lastMark - batchStart) / 1000,
      });
      afterBatch?.(batch);
    };
  } else if (afterBatch) {
    callback.onBatchEnd = (batch) => afterBatch(batch);
  }
  return callback;
}
