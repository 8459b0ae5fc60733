import { type TimePhase, trainingStepDuration } from "@trainwatch/catalog";
import { classicSlots, nativeSlots, type StepHistogramStorage } from "./step-histogram.js";

/**
 * Where each shared value lives. `fields` index `numbers` (and `present`, 1 where a value was
 * reported); `sync` holds 32-bit words read and written with `Atomics`.
 */
export const trainingMemoryLayout = {
  fields: [
    "trainLoss",
    "trainLossSmoothed",
    "trainAccuracy",
    "validationLoss",
    "validationLossSmoothed",
    "validationAccuracy",
    "learningRate",
    "epoch",
    "epochsPlanned",
    "steps",
    "examples",
    "lastStepTimestampSeconds",
    "status",
    "stepsPlanned",
    "validationLossBest",
    "epochsSinceImprovement",
    "earlyStopPatience",
    "flops",
    "lastCheckpointTimestampSeconds",
    "computeSeconds",
    "inputSeconds",
    "validationSeconds",
    "checkpointSeconds",
    "startTimestampSeconds",
    "weightNorm",
    "updateNorm",
  ],
  sync: {
    /** Sequence number of the text labels: odd while the training thread writes them. */
    textVersion: 0,
    textLength: 1,
  },
  /** Event-loop heartbeat: last beat (Unix ms), period (ms; 0: none runs), then per second of
   *  a ring of `loopWindowSeconds`: the second (Unix s) and the longest delay in it (ms). */
  loopWindowSeconds: 60,
  /** Bytes for the text labels' JSON (stop reason, `training_info`), far above what bounded labels need. */
  textBytes: 16 * 1024,
} as const;

/** The field of `trainingMemoryLayout.fields` that holds each phase's seconds. */
export const phaseFields = {
  compute: "computeSeconds",
  input: "inputSeconds",
  validation: "validationSeconds",
  checkpoint: "checkpointSeconds",
} as const satisfies Record<TimePhase, (typeof trainingMemoryLayout.fields)[number]>;

/** The memory one run's state lives in: views on `SharedArrayBuffer`s, postable to a worker. */
export interface TrainingMemory {
  readonly numbers: Float64Array;
  readonly present: Uint8Array;
  /** Step durations: the classic bucket counts (one per bound, then +Inf) and the sum, and the
   *  native form's buckets. */
  readonly histogram: StepHistogramStorage;
  readonly sync: Int32Array;
  readonly text: Uint8Array;
  readonly loop: Float64Array;
}

/**
 * Allocates zeroed shared memory for one run's state; with `nativeHistogram: false`, none for the
 * step histogram's native form, which is then neither counted nor exposed.
 */
export function allocateTrainingMemory({ nativeHistogram = true } = {}): TrainingMemory {
  const { fields, textBytes } = trainingMemoryLayout;
  const shared = (bytes: number) => new SharedArrayBuffer(bytes);
  return {
    numbers: new Float64Array(shared(fields.length * 8)),
    present: new Uint8Array(shared(fields.length)),
    histogram: {
      classic: new Float64Array(shared(classicSlots(trainingStepDuration) * 8)),
      native: new Float64Array(shared(nativeHistogram ? nativeSlots(trainingStepDuration) * 8 : 0)),
    },
    sync: new Int32Array(shared(2 * 4)),
    text: new Uint8Array(shared(textBytes)),
    loop: new Float64Array(shared((2 + 2 * trainingMemoryLayout.loopWindowSeconds) * 8)),
  };
}
