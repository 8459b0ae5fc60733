/**
 * DCGM-exporter-compatible names (`--naming dcgm`), so teams keep the community dashboards
 * they already use. Each is one of trainwatch's GPU metrics in DCGM's unit: `of` names the
 * trainwatch metric, `scale` converts from its base unit (e.g. ratio → %, bytes → MiB).
 * Labels follow dcgm-exporter: gpu, UUID, device, modelName, Hostname, pci_bus_id.
 */
export interface DcgmMetric {
  readonly name: string;
  readonly type: "gauge" | "counter";
  readonly help: string;
  readonly of: string;
  readonly scale: number;
}

/** dcgm-exporter's label names, in its order. */
export const dcgmLabels = ["gpu", "UUID", "device", "modelName", "Hostname", "pci_bus_id"] as const;

export const dcgmMetrics: readonly DcgmMetric[] = [
  {
    name: "DCGM_FI_DEV_GPU_UTIL",
    type: "gauge",
    help: "GPU utilization (in %).",
    of: "gpu_utilization_ratio",
    scale: 100,
  },
  {
    name: "DCGM_FI_DEV_MEM_COPY_UTIL",
    type: "gauge",
    help: "Memory utilization (in %).",
    of: "gpu_memory_utilization_ratio",
    scale: 100,
  },
  {
    name: "DCGM_FI_DEV_FB_USED",
    type: "gauge",
    help: "Framebuffer memory used (in MiB).",
    of: "gpu_memory_used_bytes",
    scale: 1 / 1048576,
  },
  {
    name: "DCGM_FI_DEV_GPU_TEMP",
    type: "gauge",
    help: "GPU temperature (in C).",
    of: "gpu_temperature_celsius",
    scale: 1,
  },
  {
    name: "DCGM_FI_DEV_POWER_USAGE",
    type: "gauge",
    help: "Power draw (in W).",
    of: "gpu_power_draw_watts",
    scale: 1,
  },
  {
    name: "DCGM_FI_DEV_POWER_MGMT_LIMIT",
    type: "gauge",
    help: "Power management limit (in W).",
    of: "gpu_power_limit_watts",
    scale: 1,
  },
  {
    name: "DCGM_FI_DEV_SM_CLOCK",
    type: "gauge",
    help: "SM clock frequency (in MHz).",
    of: "gpu_sm_clock_hertz",
    scale: 1e-6,
  },
  {
    name: "DCGM_FI_DEV_MEM_CLOCK",
    type: "gauge",
    help: "Memory clock frequency (in MHz).",
    of: "gpu_memory_clock_hertz",
    scale: 1e-6,
  },
  {
    name: "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION",
    type: "counter",
    help: "Total energy consumption since boot (in mJ).",
    of: "gpu_energy_joules_total",
    scale: 1000,
  },
  {
    name: "DCGM_FI_DEV_ECC_DBE_AGG_TOTAL",
    type: "counter",
    help: "Total number of double-bit persistent errors.",
    of: "gpu_ecc_errors_uncorrected_total",
    scale: 1,
  },
];
