export { catalog } from "./catalog.js";
export {
  defineMetric,
  type MetricDefinition,
  type MetricType,
  type MetricUnit,
} from "./define-metric.js";
export {
  exporterLastPushSuccess,
  exporterMetrics,
  exporterPushes,
  type PushOutcome,
  pushOutcomes,
} from "./exporter-metrics.js";
export {
  type HyperparameterLabel,
  hyperparameterLabels,
  type Phase,
  phases,
  runInfoLabels,
  runLabels,
  type TrainingState,
  trainingAccuracy,
  trainingEpoch,
  trainingEpochsPlanned,
  trainingExamples,
  trainingInfo,
  trainingLastStepTimestamp,
  trainingLearningRate,
  trainingLoss,
  trainingLossSmoothed,
  trainingMetrics,
  trainingStates,
  trainingStatus,
  trainingStepDuration,
  trainingSteps,
} from "./training-metrics.js";
