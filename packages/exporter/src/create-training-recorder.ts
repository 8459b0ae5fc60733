import {
  boundedLabelValue,
  type HyperparameterLabel,
  hyperparameterLabels,
  type runInfoLabels,
  type TimePhase,
  trainingStepDuration,
} from "@trainwatch/catalog";
import { TrainwatchError } from "@trainwatch/cli-kit";
import type { Registry } from "prom-client";
import { DebiasedEma } from "./debiased-ema.js";
import { registerTrainingMetrics } from "./register-training-metrics.js";
import type { ReportMode } from "./report-mode.js";
import { selectHyperparameters } from "./select-hyperparameters.js";
import { SharedRunValues } from "./shared-run-values.js";
import { createStepHistogram } from "./step-histogram.js";
import { allocateTrainingMemory, phaseFields, type TrainingMemory } from "./training-memory.js";
import type { TrainingRecorder } from "./training-recorder.js";

export interface TrainingRecorderOptions {
  /** Registers the run's metrics on it, for scrapes on this thread. Leave it out when another
   *  thread serves `memory` (see `startMetricsThread`). */
  readonly registry?: Registry;
  /** Where the state lives; default: fresh shared memory. */
  readonly memory?: TrainingMemory;
  /**
   * Counts the step histogram's native form beside its classic buckets (default true); false saves
   * its share of each step where no Prometheus reads it. Applies to fresh memory only.
   */
  readonly nativeHistogram?: boolean;
  /** The training job's name, e.g. `mnist_mlp`. */
  readonly job: string;
  /** The worker, e.g. `worker-0`. */
  readonly task: string;
  readonly report?: ReportMode;
  /** TensorBoard-style smoothing weight for `training_loss_smoothed`, 0 ≤ w < 1; default 0.6. */
  readonly smoothing?: number;
  /** Hyperparameters allowed into `training_info`; default: the catalog's whole allowlist. */
  readonly allowHyperparameters?: readonly HyperparameterLabel[];
  /** Current time in milliseconds; `Date.now` unless a test sets it. */
  readonly now?: () => number;
}

/**
 * Creates a recorder for one worker of one job on an injected registry (never the global one).
 *
 * @throws TrainwatchError("usage") when `job` or `task` is not a short name.
 */
export function createTrainingRecorder(options: TrainingRecorderOptions): TrainingRecorder {
  const { registry, job, task, report = { kind: "step" }, now = Date.now } = options;
  for (const [flag, value] of [
    ["job", job],
    ["task", task],
  ] as const) {
    if (!boundedLabelValue.pattern.test(value)) {
      throw new TrainwatchError(
        "usage",
        `--${flag}: expected ${boundedLabelValue.description}, got ${JSON.stringify(value)}`,
      );
    }
  }
  const state = new SharedRunValues(
    options.memory ?? allocateTrainingMemory({ nativeHistogram: options.nativeHistogram }),
  );
  const histogram = registry
    ? registerTrainingMetrics(registry, { job, task }, state)
    : createStepHistogram(trainingStepDuration, { job, task }, state.memory.histogram);
  const smoothing = options.smoothing ?? 0.6;
  const trainEma = new DebiasedEma(smoothing);
  const validationEma = new DebiasedEma(smoothing);
  const allow = options.allowHyperparameters ?? hyperparameterLabels;
  let flopsPerExample = 0;
  const addPhase = (phase: TimePhase, seconds: number) => {
    const field = phaseFields[phase];
    // The four phases appear together, so rate() sees every one from its first sample.
    if (state.computeSeconds === undefined) {
      for (const f of Object.values(phaseFields)) state[f] = 0;
    }
    state[field] = (state[field] ?? 0) + seconds;
  };
  const countEpochTowardsImprovement = (validationLoss: number) => {
    const best = state.validationLossBest;
    if (best === undefined || validationLoss < best) {
      state.validationLossBest = validationLoss;
      state.epochsSinceImprovement = 0;
    } else {
      // NaN or no better than the best: one more epoch without improvement.
      state.epochsSinceImprovement = (state.epochsSinceImprovement ?? 0) + 1;
    }
  };

  const reportTrain = (loss: number, accuracy: number | undefined) => {
    state.trainLoss = loss;
    state.trainLossSmoothed = trainEma.update(loss);
    if (accuracy !== undefined) state.trainAccuracy = accuracy;
  };

  return {
    recordStep({ loss, accuracy, examples, durationSeconds }) {
      state.steps += 1;
      state.examples += examples;
      state.lastStepTimestampSeconds = now() / 1000;
      histogram.observe(durationSeconds);
      // addPhase's keyed access, spelled out for the one phase every step adds to.
      const compute = state.computeSeconds;
      if (compute === undefined) addPhase("compute", durationSeconds);
      else state.computeSeconds = compute + durationSeconds;
      if (flopsPerExample > 0) state.flops = (state.flops ?? 0) + examples * flopsPerExample;
      if (report.kind === "step" || (report.kind === "steps" && state.steps % report.every === 0)) {
        reportTrain(loss, accuracy);
      }
    },
    recordEpoch(epoch) {
      state.epoch = epoch.epoch;
      if (report.kind === "epoch") {
        state.steps += epoch.steps ?? 0;
        state.examples += epoch.examples ?? 0;
        state.lastStepTimestampSeconds = now() / 1000;
        if (flopsPerExample > 0)
          state.flops = (state.flops ?? 0) + (epoch.examples ?? 0) * flopsPerExample;
        if (epoch.loss !== undefined) reportTrain(epoch.loss, epoch.accuracy);
      }
      if (epoch.validationLoss !== undefined) {
        countEpochTowardsImprovement(epoch.validationLoss);
        state.validationLoss = epoch.validationLoss;
        state.validationLossSmoothed = validationEma.update(epoch.validationLoss);
      }
      if (epoch.validationAccuracy !== undefined)
        state.validationAccuracy = epoch.validationAccuracy;
    },
    recordPhase(phase, seconds) {
      if (seconds >= 0) addPhase(phase, seconds);
    },
    recordCheckpoint(durationSeconds) {
      state.lastCheckpointTimestampSeconds = now() / 1000;
      addPhase("checkpoint", Math.max(0, durationSeconds));
    },
    setStepsPlanned(steps) {
      state.stepsPlanned = steps;
    },
    setFlopsPerExample(flops) {
      flopsPerExample = flops;
      state.flops ??= 0;
    },
    setEarlyStopPatience(epochs) {
      state.earlyStopPatience = epochs;
    },
    setLearningRate(learningRate) {
      state.learningRate = learningRate;
    },
    setEpochsPlanned(epochs) {
      state.epochsPlanned = epochs;
    },
    setStatus(status) {
      state.status = status;
      if (status === "running") state.startTimestampSeconds ??= now() / 1000;
    },
    recordNorms(weight, update) {
      state.weightNorm = weight;
      if (update !== undefined) state.updateNorm = update;
    },
    setStopReason(reason) {
      state.stopReason = boundedLabelValue.pattern.test(reason) ? reason : "invalid";
    },
    setFaultActive(fault, active) {
      if (state.faults?.[fault] !== active) state.faults = { ...state.faults, [fault]: active };
    },
    setRunInfo(info) {
      const { labels, dropped } = selectHyperparameters(info.hyperparameters ?? {}, allow);
      const identity: Record<(typeof runInfoLabels)[number], string> = {
        run_id: info.runId,
        backend: info.backend,
        model: info.model,
        optimizer: info.optimizer,
        pid: info.pid === undefined ? "" : String(info.pid),
        container_id: info.containerId ?? "",
        pod_uid: info.podUid ?? "",
        control_port: info.controlPort === undefined ? "" : String(info.controlPort),
      };
      state.info = { ...identity, ...labels };
      return dropped;
    },
    get status() {
      return state.status;
    },
    memory: state.memory,
    get steps() {
      return state.steps;
    },
    get examples() {
      return state.examples;
    },
  };
}
