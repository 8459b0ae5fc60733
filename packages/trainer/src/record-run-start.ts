import type { TrainingRecorder, WorkloadIdentity } from "@trainwatch/exporter";
import type { BackendName } from "./select-backend.js";
import type { TrainerConfig } from "./trainer-config.js";

/** What is known of a run only once it starts. */
export interface RunStart {
  readonly runId: string;
  readonly backend: BackendName;
  /** Its container and pod, for the join of GPU processes to this run. */
  readonly identity: WorkloadIdentity;
  /** The port of `POST /control/stop` when it has one of its own. */
  readonly controlPort: number | undefined;
}

/** Records what a run is (`training_info`, planned epochs, learning rate) and that it runs. */
export function recordRunStart(
  recorder: TrainingRecorder,
  config: TrainerConfig,
  start: RunStart,
): void {
  recorder.setRunInfo({
    runId: start.runId,
    backend: start.backend,
    model: config.model,
    optimizer: config.optimizer,
    pid: process.pid,
    ...start.identity,
    ...(start.controlPort !== undefined && { controlPort: start.controlPort }),
    hyperparameters: {
      batch_size: config.batchSize,
      learning_rate: config.learningRate,
      epochs: config.epochs,
      seed: config.seed,
    },
  });
  recorder.setEpochsPlanned(config.epochs);
  recorder.setLearningRate(config.learningRate);
  recorder.setStatus("running");
}
