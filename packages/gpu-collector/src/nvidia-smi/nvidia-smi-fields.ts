import type { ClockEventReason } from "@trainwatch/catalog";

/** The reasons nvidia-smi reports (it has no display_clock_setting field). */
export const smiClockEventReasons = [
  "gpu_idle",
  "applications_clocks_setting",
  "sw_power_cap",
  "hw_slowdown",
  "sync_boost",
  "sw_thermal_slowdown",
  "hw_thermal_slowdown",
  "hw_power_brake_slowdown",
] as const satisfies readonly ClockEventReason[];

/** Drivers before R535 call them clocks_throttle_reasons.*, later ones clocks_event_reasons.*. */
export type ReasonNaming = "clocks_event_reasons" | "clocks_throttle_reasons";

const baseFields = [
  "index",
  "uuid",
  "name",
  "driver_version",
  "pci.bus_id",
  "memory.used",
  "memory.total",
  "utilization.gpu",
  "utilization.memory",
  "temperature.gpu",
  "power.draw",
  "power.limit",
  "clocks.current.sm",
  "clocks.current.memory",
  "ecc.errors.uncorrected.aggregate.total",
] as const;

/** The `--query-gpu` fields the collector asks for, with the reason fields in `naming`. */
export function gpuQueryFields(naming: ReasonNaming): string[] {
  return [...baseFields, ...smiClockEventReasons.map((reason) => `${naming}.${reason}`)];
}

/** The `--query-compute-apps` fields. */
export const processQueryFields = ["gpu_uuid", "pid", "used_gpu_memory"] as const;
