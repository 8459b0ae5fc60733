export { assertPortFree } from "./assert-port-free.js";
export {
  alertmanagerBinary,
  type BinarySpec,
  findBinary,
  prometheusBinary,
  promtoolBinary,
  pushgatewayBinary,
} from "./find-binary.js";
export type { ServiceHandle } from "./service-handle.js";
export { type AlertmanagerOptions, startAlertmanager } from "./start-alertmanager.js";
export { type PrometheusOptions, startPrometheus } from "./start-prometheus.js";
export { type PushgatewayOptions, startPushgateway } from "./start-pushgateway.js";
export { type StartServiceOptions, startService } from "./start-service.js";
export { isAlive, stopPid } from "./stop-pid.js";
