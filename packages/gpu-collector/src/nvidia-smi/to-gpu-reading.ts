import type { ClockEventReason } from "@trainwatch/catalog";
import type { GpuProcess, GpuReading, RemappedRows } from "../gpu-reading.js";
import { type ReasonNaming, smiClockEventReasons } from "./nvidia-smi-fields.js";
import { parseSmiActive, parseSmiNumber, parseSmiText, parseSmiYesNo } from "./parse-smi-value.js";

const mebibyte = 1024 * 1024;
const scaled = (value: number | undefined, factor: number) =>
  value === undefined ? undefined : value * factor;

/**
 * Converts one `--query-gpu` row to a reading in base units (MiB → bytes, % → ratio,
 * MHz → hertz). Unavailable cells become undefined.
 *
 * @throws Error when the row has no usable index or uuid (the GPU could not be identified).
 */
export function toGpuReading(
  row: Readonly<Record<string, string>>,
  naming: ReasonNaming,
  processes: readonly GpuProcess[],
): GpuReading {
  const index = parseSmiNumber(row.index);
  const uuid = parseSmiText(row.uuid);
  if (index === undefined || uuid === undefined) {
    throw new Error(
      `nvidia-smi gave a GPU without index or uuid: ${JSON.stringify(row).slice(0, 160)}`,
    );
  }
  const clockEvents: Partial<Record<ClockEventReason, boolean>> = {};
  for (const reason of smiClockEventReasons) {
    const active = parseSmiActive(row[`${naming}.${reason}`]);
    if (active !== undefined) clockEvents[reason] = active;
  }
  return {
    index,
    uuid,
    name: parseSmiText(row.name) ?? "unknown",
    driverVersion: parseSmiText(row.driver_version) ?? "unknown",
    pciBusId: parseSmiText(row["pci.bus_id"]) ?? "unknown",
    memoryUsedBytes: scaled(parseSmiNumber(row["memory.used"]), mebibyte),
    memoryTotalBytes: scaled(parseSmiNumber(row["memory.total"]), mebibyte),
    utilizationRatio: scaled(parseSmiNumber(row["utilization.gpu"]), 0.01),
    memoryUtilizationRatio: scaled(parseSmiNumber(row["utilization.memory"]), 0.01),
    temperatureCelsius: parseSmiNumber(row["temperature.gpu"]),
    powerDrawWatts: parseSmiNumber(row["power.draw"]),
    powerLimitWatts: parseSmiNumber(row["power.limit"]),
    smClockHertz: scaled(parseSmiNumber(row["clocks.current.sm"]), 1e6),
    memoryClockHertz: scaled(parseSmiNumber(row["clocks.current.memory"]), 1e6),
    clockEvents,
    eccErrorsUncorrected: parseSmiNumber(row["ecc.errors.uncorrected.aggregate.total"]),
    remappedRows: toRemappedRows(row),
    processes,
  };
}

/** The remapped_rows.* cells, or undefined where the GPU does not remap rows (`[N/A]`). */
function toRemappedRows(row: Readonly<Record<string, string>>): RemappedRows | undefined {
  const correctable = parseSmiNumber(row["remapped_rows.correctable"]);
  const uncorrectable = parseSmiNumber(row["remapped_rows.uncorrectable"]);
  const pending = parseSmiYesNo(row["remapped_rows.pending"]);
  const failed = parseSmiYesNo(row["remapped_rows.failure"]);
  if (
    correctable === undefined ||
    uncorrectable === undefined ||
    pending === undefined ||
    failed === undefined
  )
    return undefined;
  return { correctable, uncorrectable, pending, failed };
}

/** Groups `--query-compute-apps` rows by GPU uuid. */
export function toGpuProcesses(
  rows: readonly Readonly<Record<string, string>>[],
): Map<string, GpuProcess[]> {
  const byGpu = new Map<string, GpuProcess[]>();
  for (const row of rows) {
    const pid = parseSmiNumber(row.pid);
    const uuid = parseSmiText(row.gpu_uuid);
    if (pid === undefined || uuid === undefined) continue;
    const list = byGpu.get(uuid) ?? [];
    list.push({ pid, memoryUsedBytes: scaled(parseSmiNumber(row.used_gpu_memory), mebibyte) });
    byGpu.set(uuid, list);
  }
  return byGpu;
}
