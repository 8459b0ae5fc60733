import type { ClockEventReason } from "@trainwatch/catalog";

/** nvmlReturn_t values the collector tells apart (NVML API reference, nvmlReturn_t). */
export const nvmlReturn = {
  success: 0,
  uninitialized: 1,
  invalidArgument: 2,
  notSupported: 3,
  noPermission: 4,
  notFound: 6,
  insufficientSize: 7,
  driverNotLoaded: 9,
  timeout: 10,
  gpuIsLost: 15,
} as const;

/** nvmlClocksEventReasons bit masks (formerly nvmlClocksThrottleReasons). */
export const clockEventBits: Readonly<Record<ClockEventReason, bigint>> = {
  gpu_idle: 0x1n,
  applications_clocks_setting: 0x2n,
  sw_power_cap: 0x4n,
  hw_slowdown: 0x8n,
  sync_boost: 0x10n,
  sw_thermal_slowdown: 0x20n,
  hw_thermal_slowdown: 0x40n,
  hw_power_brake_slowdown: 0x80n,
  display_clock_setting: 0x100n,
};

export const nvmlTemperatureGpu = 0; // nvmlTemperatureSensors_t NVML_TEMPERATURE_GPU
export const nvmlClockSm = 1; // nvmlClockType_t NVML_CLOCK_SM
export const nvmlClockMem = 2; // nvmlClockType_t NVML_CLOCK_MEM
export const nvmlMemoryErrorUncorrected = 1; // nvmlMemoryErrorType_t
export const nvmlAggregateEcc = 1; // nvmlEccCounterType_t
/** Size of nvmlProcessInfo_t (v2/v3): pid u32, padding, usedGpuMemory u64, two u32 ids. */
export const processInfoSize = 24;
/**
 * Size of nvmlProcessUtilizationSample_t: pid u32, padding, timeStamp u64 (µs), then smUtil,
 * memUtil, encUtil and decUtil u32 (percent).
 */
export const processUtilizationSampleSize = 32;
/** nvmlEventType bit of XID critical errors (nvmlEventTypeXidCriticalError). */
export const nvmlEventTypeXidCriticalError = 0x8n;
