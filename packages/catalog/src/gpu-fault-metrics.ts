import { defineMetric } from "./define-metric.js";
import { gpuLabels } from "./gpu-metrics.js";

/** Why a row was remapped: a correctable or an uncorrectable memory error. */
export const remapCauses = ["correctable", "uncorrectable"] as const;
export type RemapCause = (typeof remapCauses)[number];

export const gpuXidErrors = defineMetric({
  name: "gpu_xid_errors_total",
  type: "counter",
  unit: "",
  help: "XID error events the driver reported for the GPU since the collector started, by XID code (NVML events).",
  labelNames: [...gpuLabels, "xid"],
});

export const gpuRemappedRows = defineMetric({
  name: "gpu_remapped_rows_total",
  type: "counter",
  unit: "",
  help: "Memory rows the GPU remapped over its life, by the kind of error that caused it.",
  labelNames: [...gpuLabels, "cause"],
});

export const gpuRowRemapPending = defineMetric({
  name: "gpu_row_remap_pending",
  type: "gauge",
  unit: "",
  help: "1 while a row remap waits for the GPU to be reset.",
  labelNames: gpuLabels,
});

export const gpuRowRemapFailed = defineMetric({
  name: "gpu_row_remap_failed",
  type: "gauge",
  unit: "",
  help: "1 once a row remap failed: the GPU needs service.",
  labelNames: gpuLabels,
});

export const gpuPcieReplayErrors = defineMetric({
  name: "gpu_pcie_replay_errors_total",
  type: "counter",
  unit: "",
  help: "PCIe packets the GPU had to replay (link errors) since the driver was loaded.",
  labelNames: gpuLabels,
});

/** GPU faults: XID events, row remapping, PCIe replays. */
export const gpuFaultMetrics = [
  gpuXidErrors,
  gpuRemappedRows,
  gpuRowRemapPending,
  gpuRowRemapFailed,
  gpuPcieReplayErrors,
] as const;
