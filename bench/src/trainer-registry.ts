import { createTrainingRecorder } from "@trainwatch/exporter";
import { collectDefaultMetrics, Registry } from "prom-client";

/**
 * A registry with what a trainer exports: the training metrics after some steps and an epoch,
 * and (unless `processMetrics` is false) prom-client's process metrics.
 */
export function trainerRegistry(job = "bench", task = "worker-0", processMetrics = true): Registry {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  const recorder = createTrainingRecorder({ registry, job, task });
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
  return registry;
}
