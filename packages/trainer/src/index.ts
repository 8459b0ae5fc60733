export { createFaultCallback, type FaultContext, type Faults } from "./create-fault-callback.js";
export { createNormCallback, type OnNorms } from "./create-norm-callback.js";
export {
  createProgressCallback,
  formatEpochLine,
  type ProgressMode,
} from "./create-progress-callback.js";
export { createTrainerProgram } from "./create-trainer-program.js";
export {
  availableDigits,
  type DigitSet,
  type LoadMnistOptions,
  loadMnist,
  type MnistData,
} from "./data.js";
export {
  createModel,
  type ModelKind,
  type ModelOptions,
  modelKinds,
  type OptimizerName,
  optimizers,
} from "./model.js";
export {
  type BackendName,
  backendNames,
  type SelectedBackend,
  selectBackend,
} from "./select-backend.js";
export {
  startTrainer,
  type TrainerDependencies,
  type TrainerHandle,
  type TrainerResult,
} from "./start-trainer.js";
export {
  parseTrainerConfig,
  type TrainerConfig,
  type TrainerFlags,
  trainerDefaults,
} from "./trainer-config.js";
