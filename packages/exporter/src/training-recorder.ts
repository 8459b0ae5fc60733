import type { InjectedFault, TimePhase, TrainingState } from "@trainwatch/catalog";
import type { TrainingMemory } from "./training-memory.js";

/** One finished training step (batch). */
export interface StepResult {
  readonly loss: number;
  readonly accuracy?: number;
  /** Examples in this batch. */
  readonly examples: number;
  readonly durationSeconds: number;
}

/** One finished epoch; `epoch` counts from 1. Train values are used in per-epoch mode only. */
export interface EpochResult {
  readonly epoch: number;
  readonly loss?: number;
  readonly accuracy?: number;
  readonly validationLoss?: number;
  readonly validationAccuracy?: number;
  /** Steps and examples of the epoch, for per-epoch mode where steps are not recorded one by one. */
  readonly steps?: number;
  readonly examples?: number;
}

/** What `training_info` says about a run; hyperparameters pass through the allowlist. */
export interface RunInfo {
  readonly runId: string;
  readonly backend: string;
  readonly model: string;
  readonly optimizer: string;
  readonly pid?: number;
  /** Where the run's process runs (`ownIdentity()`), for the GPU-to-job join. */
  readonly containerId?: string;
  readonly podUid?: string;
  /** The port of its `POST /control/stop` when not the metrics port (`control_port`). */
  readonly controlPort?: number;
  readonly hyperparameters?: Readonly<Record<string, string | number | boolean>>;
}

/** Records a training run into the catalog's metrics. Every method is cheap and never throws. */
export interface TrainingRecorder {
  /** Records a step; its duration counts as `compute` time. */
  recordStep(step: StepResult): void;
  /** Records an epoch; a validation loss below the best so far resets the epochs since improvement. */
  recordEpoch(epoch: EpochResult): void;
  /** Adds wall time to a phase (`input`, `validation`; `compute` comes with each step). */
  recordPhase(phase: TimePhase, seconds: number): void;
  /** Records a checkpoint written now, which took `durationSeconds`. */
  recordCheckpoint(durationSeconds: number): void;
  setLearningRate(learningRate: number): void;
  setEpochsPlanned(epochs: number): void;
  setStepsPlanned(steps: number): void;
  /** Model FLOPs per training example (forward and backward); each step then adds its share. */
  setFlopsPerExample(flops: number): void;
  /** Exports the run's early-stopping patience in epochs (only runs that ask for it call this). */
  setEarlyStopPatience(epochs: number): void;
  /** Sets the run's status; the first `running` also sets its start time. */
  setStatus(status: TrainingState): void;
  /**
   * Records the L2 norm of the model's weights and of their change since the last call
   * (`training_weight_norm`, `training_update_norm`); `update` is undefined at the first call.
   */
  recordNorms(weight: number, update: number | undefined): void;
  /** Records why a run was stopped (`training_stop_info{reason}`): a short name, e.g. TrainingStalled. */
  setStopReason(reason: string): void;
  /**
   * Says that an injected fault (a `--fault-*` flag) acts on the run now, or no longer
   * (`training_fault_injected`): call it when that changes, not every step.
   */
  setFaultActive(fault: InjectedFault, active: boolean): void;
  /** Sets `training_info`; returns the hyperparameter names the allowlist dropped. */
  setRunInfo(info: RunInfo): string[];
  readonly status: TrainingState | undefined;
  /** The shared memory the state is written to, for a thread that serves it. */
  readonly memory: TrainingMemory;
  /** Steps and examples recorded so far. */
  readonly steps: number;
  readonly examples: number;
}
