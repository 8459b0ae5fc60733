export {
  type CollectorConfig,
  type CollectorFlags,
  parseCollectorConfig,
  parseDuration,
} from "./collector-config.js";
export { type CostConfig, noCost, readCostConfig } from "./cost/read-cost-config.js";
export type { GpuProcess, GpuReading } from "./gpu-reading.js";
export type { GpuSource } from "./gpu-source.js";
export {
  createNvidiaSmiSource,
  type NvidiaSmiSourceOptions,
} from "./nvidia-smi/create-nvidia-smi-source.js";
export { parseNvidiaSmiCsv } from "./nvidia-smi/parse-nvidia-smi-csv.js";
export { createNvmlSource, type NvmlSourceOptions } from "./nvml/create-nvml-source.js";
export { type GpuNaming, registerGpuMetrics } from "./register-gpu-metrics.js";
export { buildDemoTrace, formatReplayFile } from "./replay/build-demo-trace.js";
export { createReplaySource, readReplayFile } from "./replay/create-replay-source.js";
export { defaultFixturesDir, demoTraceFile } from "./replay/demo-trace-paths.js";
export {
  parseSourceSpec,
  type SelectSourceOptions,
  type SourceSpec,
  selectGpuSource,
  sourceSpecSchema,
} from "./select-gpu-source.js";
export { type GpuCollectorOptions, startGpuCollector } from "./start-gpu-collector.js";
export {
  type GpuSampler,
  type GpuSamplerOptions,
  type SamplerState,
  startGpuSampler,
} from "./start-gpu-sampler.js";
