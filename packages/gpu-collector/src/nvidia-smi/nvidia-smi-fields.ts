import { type ClockEventReason, clockEventReasons } from "@trainwatch/catalog";

/** The reasons nvidia-smi reports: the catalog's, but for display_clock_setting (not a query field). */
export const smiClockEventReasons: readonly ClockEventReason[] = clockEventReasons.filter(
  (reason) => reason !== "display_clock_setting",
);

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
  "remapped_rows.correctable",
  "remapped_rows.uncorrectable",
  "remapped_rows.pending",
  "remapped_rows.failure",
] as const;

/** The `--query-gpu` fields the collector asks for, with the reason fields in `naming`. */
export function gpuQueryFields(naming: ReasonNaming): string[] {
  return [...baseFields, ...smiClockEventReasons.map((reason) => `${naming}.${reason}`)];
}

/** The `--query-compute-apps` fields. */
export const processQueryFields = ["gpu_uuid", "pid", "used_gpu_memory"] as const;
