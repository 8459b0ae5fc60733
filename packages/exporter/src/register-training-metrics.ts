import {
  timePhases,
  trainingAccuracy,
  trainingEarlyStopPatience,
  trainingEpoch,
  trainingEpochsPlanned,
  trainingEpochsSinceImprovement,
  trainingEventLoopDelayMax,
  trainingExamples,
  trainingFaultInjected,
  trainingFlops,
  trainingInfo,
  trainingLastCheckpointTimestamp,
  trainingLastStepTimestamp,
  trainingLearningRate,
  trainingLoss,
  trainingLossSmoothed,
  trainingPhaseSeconds,
  trainingStartTimestamp,
  trainingStates,
  trainingStatus,
  trainingStepDuration,
  trainingSteps,
  trainingStepsPlanned,
  trainingStopInfo,
  trainingUpdateNorm,
  trainingValidationLossBest,
  trainingWeightNorm,
} from "@trainwatch/catalog";
import type { Registry } from "prom-client";
import { loopDelayMaxSeconds } from "./loop-heartbeat.js";
import {
  registerCatalogMetric as register,
  type WriteSample as Write,
} from "./register-catalog-metric.js";
import type { SharedRunValues } from "./shared-run-values.js";
import { createStepHistogram, type StepHistogram } from "./step-histogram.js";
import { phaseFields } from "./training-memory.js";

type RunLabels = Readonly<{ job: string; task: string }>;
/**
 * Registers every training metric of the catalog on `registry`, each reading `state` when
 * scraped (from any thread: the state may live in shared memory), so recording a step costs a
 * few number writes and no label hashing. Returns the step-duration histogram, the one metric
 * fed per step.
 */
export function registerTrainingMetrics(
  registry: Registry,
  labels: RunLabels,
  state: SharedRunValues,
): StepHistogram {
  const train = { ...labels, phase: "train" };
  const validation = { ...labels, phase: "validation" };
  const perPhase =
    (read: (s: SharedRunValues) => [number | undefined, number | undefined]) => (write: Write) => {
      const [trainValue, validationValue] = read(state);
      if (trainValue !== undefined) write(train, trainValue);
      if (validationValue !== undefined) write(validation, validationValue);
    };
  const single = (read: (s: SharedRunValues) => number | undefined) => (write: Write) => {
    const value = read(state);
    if (value !== undefined) write(labels, value);
  };

  register(
    registry,
    trainingLoss,
    perPhase((s) => [s.trainLoss, s.validationLoss]),
  );
  register(
    registry,
    trainingLossSmoothed,
    perPhase((s) => [s.trainLossSmoothed, s.validationLossSmoothed]),
  );
  register(
    registry,
    trainingAccuracy,
    perPhase((s) => [s.trainAccuracy, s.validationAccuracy]),
  );
  register(
    registry,
    trainingLearningRate,
    single((s) => s.learningRate),
  );
  register(
    registry,
    trainingEpoch,
    single((s) => s.epoch),
  );
  register(
    registry,
    trainingEpochsPlanned,
    single((s) => s.epochsPlanned),
  );
  register(
    registry,
    trainingSteps,
    single((s) => s.steps),
  );
  register(
    registry,
    trainingExamples,
    single((s) => s.examples),
  );
  register(
    registry,
    trainingLastStepTimestamp,
    single((s) => s.lastStepTimestampSeconds),
  );
  const statusLabels = trainingStates.map((value) => ({ ...labels, state: value }));
  register(registry, trainingStatus, (write) => {
    if (state.status === undefined) return;
    for (const l of statusLabels) write(l, l.state === state.status ? 1 : 0);
  });
  register(registry, trainingStopInfo, (write) => {
    if (state.stopReason !== undefined) write({ ...labels, reason: state.stopReason }, 1);
  });
  register(registry, trainingInfo, (write) => {
    if (state.info !== undefined) write({ ...state.info, ...labels }, 1);
  });
  register(registry, trainingFaultInjected, (write) => {
    for (const [fault, active] of Object.entries(state.faults ?? {}))
      write({ ...labels, fault }, active ? 1 : 0);
  });

  register(
    registry,
    trainingStepsPlanned,
    single((s) => s.stepsPlanned),
  );
  register(
    registry,
    trainingValidationLossBest,
    single((s) => s.validationLossBest),
  );
  register(
    registry,
    trainingEpochsSinceImprovement,
    single((s) => s.epochsSinceImprovement),
  );
  register(
    registry,
    trainingEarlyStopPatience,
    single((s) => s.earlyStopPatience),
  );
  register(
    registry,
    trainingFlops,
    single((s) => s.flops),
  );
  register(
    registry,
    trainingLastCheckpointTimestamp,
    single((s) => s.lastCheckpointTimestampSeconds),
  );
  register(
    registry,
    trainingStartTimestamp,
    single((s) => s.startTimestampSeconds),
  );
  register(
    registry,
    trainingWeightNorm,
    single((s) => s.weightNorm),
  );
  register(
    registry,
    trainingUpdateNorm,
    single((s) => s.updateNorm),
  );
  const phaseLabels = timePhases.map((phase) => ({ ...labels, phase }));
  register(registry, trainingPhaseSeconds, (write) => {
    for (const l of phaseLabels) {
      const value = state[phaseFields[l.phase]];
      if (value !== undefined) write(l, value);
    }
  });

  register(
    registry,
    trainingEventLoopDelayMax,
    single(() => loopDelayMaxSeconds(state.memory)),
  );

  const histogram = createStepHistogram(trainingStepDuration, labels, state.memory.histogram);
  registry.registerMetric(histogram.metric);
  return histogram;
}
