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
export { type ClusterState, readClusterState } from "./cluster/cluster-state.js";
export {
  type ClusterHandle,
  type ClusterStackOptions,
  startClusterStack,
} from "./cluster/start-cluster-stack.js";
export { stopClusterStack } from "./cluster/stop-cluster-stack.js";
export { type RenderOptions, renderPrometheusConfig } from "./render-prometheus-config.js";
export { defaultConfigDir, defaultRunDir } from "./stack-paths.js";
export { readStackState, removeStackState, type StackState } from "./stack-state.js";
export {
  type StackHandle,
  type StackOptions,
  startStack,
  type TrainerSpec,
} from "./start-stack.js";
export {
  startTrainerProcess,
  type TrainerProcessOptions,
  trainerCli,
} from "./start-trainer-process.js";
export { stopStack } from "./stop-stack.js";
export { parseUpConfig, splitFaultArgs, type UpConfig, type UpFlags } from "./up-config.js";
export { type TargetGroup, writeFileSdTargets } from "./write-file-sd-targets.js";
