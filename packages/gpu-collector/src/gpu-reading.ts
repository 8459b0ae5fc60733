import type { ClockEventReason } from "@trainwatch/catalog";

/** A compute process on a GPU; memory is undefined where the driver does not report it (MIG). */
/** Memory rows a GPU remapped (its spares for failing rows), and the state of remapping. */
export interface RemappedRows {
  readonly correctable: number;
  readonly uncorrectable: number;
  /** A remap waits for the GPU to be reset. */
  readonly pending: boolean;
  /** A remap failed: the GPU needs service. */
  readonly failed: boolean;
}

export interface GpuProcess {
  /** The host's pid (what the driver reports). */
  readonly pid: number;
  readonly memoryUsedBytes?: number;
  /** Share of time the GPU's SMs ran its kernels since the last read, 0–1; undefined where unknown. */
  readonly smUtilizationRatio?: number;
  /** Its container and pod (`attributeProcesses`); undefined on the host or where unknown. */
  readonly containerId?: string;
  readonly podUid?: string;
}

/**
 * One GPU's state in base units. A field the GPU or source does not support is undefined, and
 * yields no series (never a zero).
 */
export interface GpuReading {
  readonly index: number;
  readonly uuid: string;
  readonly name: string;
  readonly driverVersion: string;
  readonly pciBusId: string;
  readonly memoryUsedBytes?: number;
  readonly memoryTotalBytes?: number;
  readonly utilizationRatio?: number;
  readonly memoryUtilizationRatio?: number;
  readonly temperatureCelsius?: number;
  readonly powerDrawWatts?: number;
  readonly powerLimitWatts?: number;
  readonly smClockHertz?: number;
  readonly memoryClockHertz?: number;
  readonly clockEvents?: Readonly<Partial<Record<ClockEventReason, boolean>>>;
  readonly energyJoules?: number;
  readonly eccErrorsUncorrected?: number;
  readonly remappedRows?: RemappedRows;
  /** PCIe packets replayed since the driver loaded (NVML only). */
  readonly pcieReplays?: number;
  /** XID events since the collector started, by XID code (NVML events); undefined where the
   *  GPU's events cannot be watched. */
  readonly xidErrors?: Readonly<Record<string, number>>;
  readonly processes: readonly GpuProcess[];
}
