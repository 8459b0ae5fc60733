import type { TrainingState as RunState } from "@trainwatch/catalog";

/**
 * The latest values of one run, as plain numbers the hot path writes and the scrape reads.
 * `undefined` means "not reported yet" (no series); NaN is a reported value.
 */
export interface TrainingState {
  trainLoss: number | undefined;
  trainLossSmoothed: number | undefined;
  trainAccuracy: number | undefined;
  validationLoss: number | undefined;
  validationLossSmoothed: number | undefined;
  validationAccuracy: number | undefined;
  learningRate: number | undefined;
  epoch: number;
  epochsPlanned: number | undefined;
  steps: number;
  examples: number;
  lastStepTimestampSeconds: number | undefined;
  status: RunState | undefined;
  stopReason: string | undefined;
  info: Readonly<Record<string, string>> | undefined;
}

/** Creates the state of a run that has reported nothing yet. */
export function createTrainingState(): TrainingState {
  return {
    trainLoss: undefined,
    trainLossSmoothed: undefined,
    trainAccuracy: undefined,
    validationLoss: undefined,
    validationLossSmoothed: undefined,
    validationAccuracy: undefined,
    learningRate: undefined,
    epoch: 0,
    epochsPlanned: undefined,
    steps: 0,
    examples: 0,
    lastStepTimestampSeconds: undefined,
    status: undefined,
    stopReason: undefined,
    info: undefined,
  };
}
