export {
  type ControlRouterOptions,
  createControlRouter,
  stopReasonSchema,
} from "./create-control-router.js";
export { createMetricsApp, type MetricsAppOptions } from "./create-metrics-app.js";
export {
  createPushgatewayPusher,
  type PushgatewayPusher,
  type PushgatewayPusherOptions,
} from "./create-pushgateway-pusher.js";
export {
  createTfjsCallback,
  type TfjsCallback,
  type TfjsCallbackOptions,
} from "./create-tfjs-callback.js";
export { createTrainerRegistry, type TrainerRegistry } from "./create-trainer-registry.js";
export {
  createTrainingRecorder,
  type TrainingRecorderOptions,
} from "./create-training-recorder.js";
export { DebiasedEma } from "./debiased-ema.js";
export {
  type OtlpPusher,
  type OtlpPushOptions,
  startOtlpPusher,
} from "./exposition/start-otlp-pusher.js";
export { type MetricFamilyJson, protobufContentType } from "./exposition/to-protobuf.js";
export type { FinishResult, ThreadCollector } from "./metrics-thread-protocol.js";
export { pushgatewayGroupUrl } from "./pushgateway-group-url.js";
export { registerCatalogMetric, type WriteSample } from "./register-catalog-metric.js";
export { registerDefaultMetrics } from "./register-default-metrics.js";
export {
  type ExpositionFormat,
  type RenderedMetrics,
  type RenderedScrape,
  renderExposition,
  renderMetrics,
  renderProtobuf,
  renderScrape,
  type ScrapeFormat,
} from "./render-metrics.js";
export { parseReportMode, type ReportMode } from "./report-mode.js";
export { selectHyperparameters } from "./select-hyperparameters.js";
export { type FlushReport, type FlushSpoolOptions, flushSpool } from "./spool/flush-spool.js";
export { type SpoolFile, spoolFileSchema } from "./spool/spool-file.js";
export { writeSpoolFile } from "./spool/write-spool-file.js";
export {
  type MetricsThread,
  type MetricsThreadOptions,
  startMetricsThread,
} from "./start-metrics-thread.js";
export { openMetricsContentType, toOpenMetrics } from "./to-open-metrics.js";
export type {
  EpochResult,
  RunInfo,
  StepResult,
  TrainingRecorder,
} from "./training-recorder.js";
export {
  ownIdentity,
  parseCgroupFile,
  parseCgroupPath,
  parseMountinfo,
  podUidVariable,
  readProcessIdentity,
  type WorkloadIdentity,
} from "./workload-identity.js";
