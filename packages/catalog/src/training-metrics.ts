import { defineMetric } from "./define-metric.js";

/** Which data a loss or accuracy value was computed on. */
export const phases = ["train", "validation"] as const;
export type Phase = (typeof phases)[number];

/** The states of a training run; `training_status` is 1 for the current one, 0 for the rest. */
export const trainingStates = ["running", "completed", "stopped", "failed"] as const;
export type TrainingState = (typeof trainingStates)[number];

/** Labels identifying one worker of one training job: `job` (e.g. mnist_mlp), `task` (worker-0). */
export const runLabels = ["job", "task"] as const;

/**
 * Facts about a run that every `training_info` carries. `pid`, `container_id` and `pod_uid` say
 * where it runs, to join the GPU processes the collector sees (`gpu_process_memory_used_bytes`)
 * to it: by pid in one pid namespace, else by container or pod (empty where unknown).
 * `control_port` is where its `POST /control/stop` answers when not on the scraped port.
 */
export const runInfoLabels = [
  "run_id",
  "backend",
  "model",
  "optimizer",
  "pid",
  "container_id",
  "pod_uid",
  "control_port",
] as const;

/**
 * Hyperparameters `training_info` may carry. This list is the allowlist: a hyperparameter not
 * named here is never exported, so nothing leaks through labels by accident.
 */
export const hyperparameterLabels = ["batch_size", "learning_rate", "epochs", "seed"] as const;
export type HyperparameterLabel = (typeof hyperparameterLabels)[number];

export const trainingLoss = defineMetric({
  name: "training_loss",
  type: "gauge",
  unit: "",
  help: "Latest loss of the model, per phase (train: last reported batch; validation: last epoch).",
  labelNames: [...runLabels, "phase"],
});

export const trainingLossSmoothed = defineMetric({
  name: "training_loss_smoothed",
  type: "gauge",
  unit: "",
  help: "Loss smoothed by a debiased exponential moving average, as TensorBoard smooths it.",
  labelNames: [...runLabels, "phase"],
});

export const trainingAccuracy = defineMetric({
  name: "training_accuracy",
  type: "gauge",
  unit: "",
  help: "Latest accuracy of the model as a ratio from 0 to 1, per phase.",
  labelNames: [...runLabels, "phase"],
});

export const trainingLearningRate = defineMetric({
  name: "training_learning_rate",
  type: "gauge",
  unit: "",
  help: "Learning rate the optimizer currently uses.",
  labelNames: runLabels,
});

export const trainingEpoch = defineMetric({
  name: "training_epoch",
  type: "gauge",
  unit: "",
  help: "Number of epochs completed so far.",
  labelNames: runLabels,
});

export const trainingEpochsPlanned = defineMetric({
  name: "training_epochs_planned",
  type: "gauge",
  unit: "",
  help: "Number of epochs the run is set to train for.",
  labelNames: runLabels,
});

export const trainingSteps = defineMetric({
  name: "training_steps_total",
  type: "counter",
  unit: "",
  help: "Training steps (batches) completed.",
  labelNames: runLabels,
});

export const trainingExamples = defineMetric({
  name: "training_examples_total",
  type: "counter",
  unit: "",
  help: "Training examples (samples) processed.",
  labelNames: runLabels,
});

export const trainingStepDuration = defineMetric({
  name: "training_step_duration_seconds",
  type: "histogram",
  unit: "seconds",
  help: "Wall-clock time of one training step (batch), forward and backward pass.",
  labelNames: runLabels,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  // Native buckets 9 % wide from microseconds to days: an 8 ms step and a 10 s batch alike.
  nativeSchema: 3,
});

export const trainingLastStepTimestamp = defineMetric({
  name: "training_last_step_timestamp_seconds",
  type: "gauge",
  unit: "seconds",
  help: "Unix time at which the last training step completed.",
  labelNames: runLabels,
});

export const trainingEventLoopDelayMax = defineMetric({
  name: "training_event_loop_delay_max_seconds",
  type: "gauge",
  unit: "seconds",
  help: "Longest time the training thread's event loop was blocked in the last 60 s, a block still going on included: how long one batch keeps the thread busy.",
  labelNames: runLabels,
});

export const trainingStatus = defineMetric({
  name: "training_status",
  type: "gauge",
  unit: "",
  help: "State of the run: 1 for the current state, 0 for the others.",
  labelNames: [...runLabels, "state"],
});

export const trainingInfo = defineMetric({
  name: "training_info",
  type: "gauge",
  unit: "",
  help: "Always 1; the labels describe the run (backend, model, allowlisted hyperparameters).",
  labelNames: [...runLabels, ...runInfoLabels, ...hyperparameterLabels],
});

export const trainingStopInfo = defineMetric({
  name: "training_stop_info",
  type: "gauge",
  unit: "",
  help: "1 once a run was stopped before its end; reason is why (a signal, control, or the alert that stopped it).",
  labelNames: [...runLabels, "reason"],
});

/**
 * Faults a trainer injects on purpose (its `--fault-*` flags, for demos and tests): a stall, a
 * NaN loss, a diverging learning rate, heavy batches, a straggler, batches slowed while the GPU
 * collector reports a thermal slowdown, a slow input pipeline, a loss spike.
 */
export const injectedFaults = [
  "stall",
  "nan",
  "diverge",
  "slow_batch",
  "slow",
  "gpu_throttle",
  "slow_input",
  "loss_spike",
] as const;
export type InjectedFault = (typeof injectedFaults)[number];

export const trainingFaultInjected = defineMetric({
  name: "training_fault_injected",
  type: "gauge",
  unit: "",
  help: "1 while a fault injected on purpose (the trainer's --fault-* flags: demos, tests) acts on the run, else 0: what it causes is staged, not a real failure.",
  labelNames: [...runLabels, "fault"],
});

/** Every training metric, in exposition order. */
export const trainingMetrics = [
  trainingLoss,
  trainingLossSmoothed,
  trainingAccuracy,
  trainingLearningRate,
  trainingEpoch,
  trainingEpochsPlanned,
  trainingSteps,
  trainingExamples,
  trainingStepDuration,
  trainingLastStepTimestamp,
  trainingEventLoopDelayMax,
  trainingStatus,
  trainingStopInfo,
  trainingInfo,
  trainingFaultInjected,
] as const;
