import { defineMetric } from "./define-metric.js";

/** Where GPU readings come from; replayed series say so, so nobody takes them for hardware. */
export const gpuSources = ["nvml", "nvidia-smi", "replay"] as const;
export type GpuSourceName = (typeof gpuSources)[number];

/**
 * Clock-event (formerly "throttle") reasons, as NVML's nvmlClocksEventReason bits and
 * nvidia-smi's clocks_event_reasons.* fields name them.
 */
export const clockEventReasons = [
  "gpu_idle",
  "applications_clocks_setting",
  "sw_power_cap",
  "hw_slowdown",
  "sync_boost",
  "sw_thermal_slowdown",
  "hw_thermal_slowdown",
  "hw_power_brake_slowdown",
  "display_clock_setting",
] as const;
export type ClockEventReason = (typeof clockEventReasons)[number];

/** Labels of every per-GPU series: `gpu` (index), `uuid`, and `source`. */
export const gpuLabels = ["gpu", "uuid", "source"] as const;

const gpuGauge = (
  name: string,
  unit: "" | "bytes" | "ratio" | "celsius" | "watts" | "hertz",
  help: string,
) => defineMetric({ name, type: "gauge", unit, help, labelNames: gpuLabels });

export const gpuInfo = defineMetric({
  name: "gpu_info",
  type: "gauge",
  unit: "",
  help: "Always 1; the labels identify the GPU (model name, driver version, PCI bus id).",
  labelNames: [...gpuLabels, "name", "driver_version", "pci_bus_id"],
});
export const gpuMemoryUsed = gpuGauge("gpu_memory_used_bytes", "bytes", "GPU memory in use.");
export const gpuMemoryTotal = gpuGauge("gpu_memory_total_bytes", "bytes", "GPU memory installed.");
export const gpuUtilization = gpuGauge(
  "gpu_utilization_ratio",
  "ratio",
  "Share of the last sample period in which a kernel ran on the GPU, 0 to 1.",
);
export const gpuMemoryUtilization = gpuGauge(
  "gpu_memory_utilization_ratio",
  "ratio",
  "Share of the last sample period in which GPU memory was read or written, 0 to 1.",
);
export const gpuTemperature = gpuGauge(
  "gpu_temperature_celsius",
  "celsius",
  "GPU core temperature.",
);
export const gpuPowerDraw = gpuGauge("gpu_power_draw_watts", "watts", "Power the GPU draws.");
export const gpuPowerLimit = gpuGauge(
  "gpu_power_limit_watts",
  "watts",
  "Power limit the driver enforces.",
);
export const gpuSmClock = gpuGauge(
  "gpu_sm_clock_hertz",
  "hertz",
  "Current streaming-multiprocessor clock.",
);
export const gpuMemoryClock = gpuGauge("gpu_memory_clock_hertz", "hertz", "Current memory clock.");

export const gpuClockEventActive = defineMetric({
  name: "gpu_clock_event_active",
  type: "gauge",
  unit: "",
  help: "1 while this clock-event (throttle) reason holds the clocks down, else 0.",
  labelNames: [...gpuLabels, "reason"],
});

export const gpuEnergy = defineMetric({
  name: "gpu_energy_joules_total",
  type: "counter",
  unit: "joules",
  help: "Energy the GPU consumed since the driver was loaded (NVML only).",
  labelNames: gpuLabels,
});

export const gpuEccErrorsUncorrected = defineMetric({
  name: "gpu_ecc_errors_uncorrected_total",
  type: "counter",
  unit: "",
  help: "Uncorrected ECC memory errors over the GPU's life (aggregate counter).",
  labelNames: gpuLabels,
});

export const gpuProcessMemoryUsed = defineMetric({
  name: "gpu_process_memory_used_bytes",
  type: "gauge",
  unit: "bytes",
  help: "GPU memory a compute process uses; its pid is the host's, container_id and pod_uid where it runs (empty on the host); join with training_info to find a job's GPUs.",
  labelNames: [...gpuLabels, "pid", "container_id", "pod_uid"],
});

export const gpuProcessUtilization = defineMetric({
  name: "gpu_process_utilization_ratio",
  type: "gauge",
  unit: "ratio",
  help: "Share of time the GPU's SMs ran this process's kernels over the last read (NVML's per-process utilization, nvidia-smi pmon's sm), from 0 to 1: when jobs share a GPU, each one's own part.",
  labelNames: [...gpuLabels, "pid", "container_id", "pod_uid"],
});

/** The per-GPU metrics, in exposition order. */
export const gpuMetrics = [
  gpuInfo,
  gpuMemoryUsed,
  gpuMemoryTotal,
  gpuUtilization,
  gpuMemoryUtilization,
  gpuTemperature,
  gpuPowerDraw,
  gpuPowerLimit,
  gpuSmClock,
  gpuMemoryClock,
  gpuClockEventActive,
  gpuEnergy,
  gpuEccErrorsUncorrected,
  gpuProcessMemoryUsed,
  gpuProcessUtilization,
] as const;

export const gpuCollectorUp = defineMetric({
  name: "gpu_collector_up",
  type: "gauge",
  unit: "",
  help: "1 when the collector's last read of the GPUs succeeded, 0 when it failed or timed out.",
  labelNames: ["source"],
});

export const gpuCollectorLastSuccess = defineMetric({
  name: "gpu_collector_last_success_timestamp_seconds",
  type: "gauge",
  unit: "seconds",
  help: "Unix time of the collector's last successful read.",
  labelNames: ["source"],
});

export const gpuCollectorReadDuration = defineMetric({
  name: "gpu_collector_read_duration_seconds",
  type: "gauge",
  unit: "seconds",
  help: "Wall-clock time the last read of all GPUs took.",
  labelNames: ["source"],
});

export const gpuCollectorReadErrors = defineMetric({
  name: "gpu_collector_read_errors_total",
  type: "counter",
  unit: "",
  help: "Reads of the GPUs that failed or timed out.",
  labelNames: ["source"],
});

/** The collector's health metrics about itself. */
export const gpuCollectorMetrics = [
  gpuCollectorUp,
  gpuCollectorLastSuccess,
  gpuCollectorReadDuration,
  gpuCollectorReadErrors,
] as const;
