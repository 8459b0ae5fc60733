export { assertPortFree } from "./assert-port-free.js";
export {
  type BuildUpstreamOptions,
  buildUpstream,
  type UpstreamBuild,
} from "./build-upstream.js";
export { type ClientTls, createHttpsProbe } from "./create-https-probe.js";
export {
  type BinaryInfo,
  binaryOriginWords,
  describeBinary,
  versionWithOrigin,
} from "./describe-binary.js";
export {
  type EnsureUpstreamOptions,
  type EnsureUpstreamResult,
  ensureUpstreamBinaries,
  findUpstreamNeeds,
  type UpstreamNeeds,
} from "./ensure-upstream-binaries.js";
export {
  alertmanagerBinary,
  amtoolBinary,
  type BinaryOrigin,
  type BinarySpec,
  type FindBinaryOptions,
  type FoundBinary,
  findBinary,
  locateBinary,
  prometheusBinary,
  promtoolBinary,
  pushgatewayBinary,
  thanosBinary,
} from "./find-binary.js";
export { readBinaryVersion } from "./read-binary-version.js";
export { composeEnvFile, readUpstreamPins, type UpstreamPins } from "./read-upstream-pins.js";
export { type Netns, resolveAddress, type ServiceAddress } from "./resolve-address.js";
export type { ServiceHandle } from "./service-handle.js";
export {
  type AlertmanagerOptions,
  alertmanagerService,
  startAlertmanager,
} from "./start-alertmanager.js";
export {
  type ManagedService,
  type ServiceCommand,
  type ServicePlacement,
  startManagedService,
} from "./start-managed-service.js";
export { type PrometheusOptions, prometheusService, startPrometheus } from "./start-prometheus.js";
export {
  type PushgatewayOptions,
  pushgatewayService,
  startPushgateway,
} from "./start-pushgateway.js";
export { type StartServiceOptions, startService } from "./start-service.js";
export {
  startThanosQuery,
  startThanosReceive,
  startThanosRule,
  type ThanosPorts,
  type ThanosQueryOptions,
  type ThanosReceiveOptions,
  type ThanosRuleOptions,
} from "./start-thanos.js";
export { isAlive, stopPid } from "./stop-pid.js";
export { type TestedBinary, testedBinaries } from "./tested-binaries.js";
export {
  defaultCacheRoot,
  hasUpstreamBuild,
  repoRoot,
  type UpstreamComponent,
  type UpstreamComponentSpec,
  upstreamBinDir,
  upstreamComponents,
  upstreamModuleDir,
} from "./upstream-components.js";
export { versionAtLeast } from "./version-at-least.js";
