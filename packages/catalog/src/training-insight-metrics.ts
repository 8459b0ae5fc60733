import { defineMetric } from "./define-metric.js";
import { runLabels } from "./training-metrics.js";

/**
 * Where a run's wall time goes: `compute` (a batch's forward and backward pass), `input`
 * (waiting for the next batch), `validation` (the validation pass), `checkpoint` (saving).
 */
export const timePhases = ["compute", "input", "validation", "checkpoint"] as const;
export type TimePhase = (typeof timePhases)[number];

export const trainingPhaseSeconds = defineMetric({
  name: "training_phase_seconds_total",
  type: "counter",
  unit: "seconds",
  help: "Wall time the run spent per phase: compute (batches), input (waiting for the next batch), validation, checkpoint.",
  labelNames: [...runLabels, "phase"],
});

export const trainingStepsPlanned = defineMetric({
  name: "training_steps_planned",
  type: "gauge",
  unit: "",
  help: "Training steps (batches) the run takes when it completes; with training_steps_total, its progress and ETA.",
  labelNames: runLabels,
});

export const trainingValidationLossBest = defineMetric({
  name: "training_validation_loss_best",
  type: "gauge",
  unit: "",
  help: "Lowest validation loss of the run so far.",
  labelNames: runLabels,
});

export const trainingEpochsSinceImprovement = defineMetric({
  name: "training_epochs_since_improvement",
  type: "gauge",
  unit: "",
  help: "Epochs since the lowest validation loss was set; 0 at the epoch that set it.",
  labelNames: runLabels,
});

export const trainingEarlyStopPatience = defineMetric({
  name: "training_early_stop_patience",
  type: "gauge",
  unit: "",
  help: "Epochs without improvement after which the run asks to be stopped; only for runs that ask for early stopping.",
  labelNames: runLabels,
});

export const trainingFlops = defineMetric({
  name: "training_flops_total",
  type: "counter",
  unit: "",
  help: "Model floating-point operations done by training (forward and backward pass), counted from the layers' shapes.",
  labelNames: runLabels,
});

export const trainingLastCheckpointTimestamp = defineMetric({
  name: "training_last_checkpoint_timestamp_seconds",
  type: "gauge",
  unit: "seconds",
  help: "Unix time at which the run last wrote a checkpoint.",
  labelNames: runLabels,
});

export const trainingStartTimestamp = defineMetric({
  name: "training_start_timestamp_seconds",
  type: "gauge",
  unit: "seconds",
  help: "Unix time at which the run started; with the phase seconds, its goodput (compute time over wall time).",
  labelNames: runLabels,
});

export const trainingWeightNorm = defineMetric({
  name: "training_weight_norm",
  type: "gauge",
  unit: "",
  help: "L2 norm of all the model's trainable weights, taken every N steps (the trainer's --norm-every).",
  labelNames: runLabels,
});

export const trainingUpdateNorm = defineMetric({
  name: "training_update_norm",
  type: "gauge",
  unit: "",
  help: "L2 norm of the weights' change over the last N steps (the trainer's --norm-every): its spikes come before loss spikes.",
  labelNames: runLabels,
});

/** The metrics that say why a run is slow, whether it still learns and how efficient it is. */
export const trainingInsightMetrics = [
  trainingPhaseSeconds,
  trainingStepsPlanned,
  trainingValidationLossBest,
  trainingEpochsSinceImprovement,
  trainingEarlyStopPatience,
  trainingFlops,
  trainingLastCheckpointTimestamp,
  trainingStartTimestamp,
  trainingWeightNorm,
  trainingUpdateNorm,
] as const;
