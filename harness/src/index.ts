export {
  type ClusterHandle,
  type ClusterStackOptions,
  clusterPorts,
  setNodeLink,
  startClusterStack as startDistributedStack,
} from "@trainwatch/stack";
export {
  inspectPanels,
  type PanelReport,
  panelDrawn,
  waitForRefresh,
} from "./browser/inspect-panels.js";
export { type Browser, browserSkipReason, launchBrowser } from "./browser/launch-browser.js";
export { checkLinks, type LinkReport } from "./check-links.js";
export type { Log } from "./containers/build-offline-images.js";
export { readComposeDefaults, readComposeFile, repoRoot } from "./containers/compose-project.js";
export { type DockerProbe, probeDocker } from "./containers/probe-docker.js";
export { receiverDecisions } from "./containers/receiver-decisions.js";
export {
  type ImageSet,
  type ImageSetOptions,
  resolveImageSet,
} from "./containers/resolve-image-set.js";
export {
  type ContainerStack,
  type ContainerStackOptions,
  startContainerStack,
} from "./containers/start-container-stack.js";
export { describeServiceVersions } from "./describe-service-versions.js";
export { explainStallOnTimeout } from "./explain-stall.js";
export { createFreshCheckout, type FreshCheckout } from "./fresh-checkout.js";
export { type FuzzReport, fuzzHttpServer } from "./fuzz/fuzz-http-server.js";
export { type FuzzRequest, type FuzzTarget, fuzzRequests } from "./fuzz/fuzz-requests.js";
export { sendRaw } from "./fuzz/send-raw.js";
export { httpsStatus } from "./https-status.js";
export {
  applyOperatorCrds,
  applyTrainwatch,
  fastTimingPatches,
  type Overlay,
} from "./kubernetes/apply-manifests.js";
export {
  type ClusterFootprint,
  clusterFootprint,
  clusterNetwork,
} from "./kubernetes/cluster-footprint.js";
export {
  installMonitoringStack,
  type MonitoringImages,
  type MonitoringStack,
} from "./kubernetes/monitoring-stack.js";
export {
  type LocalCluster,
  type LocalClusterOptions,
  localClusterSkipReason,
  startLocalCluster,
} from "./kubernetes/start-local-cluster.js";
export { ownProcessesUnder } from "./own-processes.js";
export { type GrafanaAuth, grafanaApi, queryGrafana } from "./query-grafana.js";
export {
  countRangeSeries,
  queryPrometheus,
  queryRange,
  type RangeSeries,
  type Sample,
  waitForFinalStates,
  waitForQuery,
} from "./query-prometheus.js";
export { killProcess, type Relaunched, readEnviron, relaunch } from "./relaunch-process.js";
export { scrapeValue } from "./scrape-value.js";
export { fitSlope, type SlopeFit } from "./soak/fit-slope.js";
export {
  runSoak,
  type SoakMetric,
  type SoakOptions,
  type SoakReport,
  type SoakSeries,
} from "./soak/run-soak.js";
export {
  type Banner,
  readBanner,
  runStartCommand,
  type StartCommand,
} from "./start-command.js";
export {
  type NativeStack,
  type NativeStackOptions,
  type StackStatus,
  startNativeStack,
  trainwatch,
} from "./start-native-stack.js";
export type {
  Runtime,
  ScenarioOptions,
  TrainerState,
  TrainwatchStack,
} from "./trainwatch-stack.js";
