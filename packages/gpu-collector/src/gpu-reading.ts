import type { ClockEventReason } from "@trainwatch/catalog";

/** A compute process on a GPU; memory is undefined where the driver does not report it (MIG). */
export interface GpuProcess {
  readonly pid: number;
  readonly memoryUsedBytes?: number;
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
  readonly processes: readonly GpuProcess[];
}
