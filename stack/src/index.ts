export {
  createQueryTrainerLocator,
  type LocateTrainer,
  type QueryLocatorOptions,
} from "./alert-receiver/locate-trainer.js";
export {
  type ClusterNetwork,
  type ClusterNode,
  createClusterNetwork,
  removeClusterNetwork,
  setNodeLink,
} from "./cluster/cluster-network.js";
export { clusterPorts } from "./cluster/cluster-ports.js";
export type { ClusterStackOptions } from "./cluster/cluster-stack-options.js";
export { type ClusterHandle, startClusterStack } from "./cluster/start-cluster-stack.js";
export { stopClusterStack } from "./cluster/stop-cluster-stack.js";
export {
  parseUpConfig,
  splitFaultArgs,
  type UpConfig,
  type UpFlags,
} from "./commands/up-config.js";
export type { StackOptions } from "./local/stack-options.js";
export { type StackHandle, startStack } from "./local/start-stack.js";
export { stopStack } from "./local/stop-stack.js";
export { type ClusterState, readClusterState } from "./run-dir/cluster-state.js";
export { type RenderOptions, renderPrometheusConfig } from "./run-dir/render-prometheus-config.js";
export { defaultConfigDir, defaultRunDir } from "./run-dir/stack-paths.js";
export { readStackState, removeStackState, type StackState } from "./run-dir/stack-state.js";
export { type TargetGroup, writeFileSdTargets } from "./run-dir/write-file-sd-targets.js";
export {
  startTrainerProcess,
  type TrainerProcessOptions,
  trainerCli,
} from "./services/start-trainer-process.js";
export type { TrainerSpec } from "./services/trainer-spec.js";
