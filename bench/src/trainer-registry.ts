import {
  createTrainerRegistry,
  createTrainingRecorder,
  type MetricFamilyJson,
  registerDefaultMetrics,
  type TrainingRecorder,
} from "@trainwatch/exporter";
import { Registry } from "prom-client";

/** Records what a trainer has after some steps and an epoch. */
function recordSomeTraining(recorder: TrainingRecorder): void {
  recorder.setRunInfo({
    runId: "r",
    backend: "wasm",
    model: "mlp",
    optimizer: "adam",
    pid: 1,
    hyperparameters: { batch_size: 64 },
  });
  recorder.setStatus("running");
  for (let i = 0; i < 100; i++)
    recorder.recordStep({ loss: 1, accuracy: 0.5, examples: 64, durationSeconds: 0.01 });
  recorder.recordEpoch({ epoch: 1, validationLoss: 1, validationAccuracy: 0.5 });
}

/** A registry with a trainer's training metrics alone, after some steps and an epoch. */
export function trainingRegistry(job = "bench", task = "worker-0"): Registry {
  const registry = new Registry();
  recordSomeTraining(createTrainingRecorder({ registry, job, task }));
  return registry;
}

/**
 * The registry a trainer's metrics thread renders for `/metrics` (`createTrainerRegistry`):
 * prom-client's process metrics, the training metrics read from the recorder's shared memory
 * after some steps and an epoch, and this thread's `nodejs_*` families as the training thread
 * sends them.
 */
export async function trainerRegistry(job = "bench", task = "worker-0"): Promise<Registry> {
  const recorder = createTrainingRecorder({ job, task });
  recordSomeTraining(recorder);
  const trainer = createTrainerRegistry({ job, task }, recorder.memory);
  const thread = new Registry();
  registerDefaultMetrics(thread, "thread");
  trainer.mirrorThreadFamilies((await thread.getMetricsAsJSON()) as unknown as MetricFamilyJson[]);
  return trainer.registry;
}
