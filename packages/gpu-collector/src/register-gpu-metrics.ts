import { hostname } from "node:os";
import {
  clockEventReasons,
  dcgmLabels,
  dcgmMetrics,
  gpuClockEventActive,
  gpuCollectorLastSuccess,
  gpuCollectorReadDuration,
  gpuCollectorReadErrors,
  gpuCollectorUp,
  gpuEccErrorsUncorrected,
  gpuEnergy,
  gpuInfo,
  gpuMemoryClock,
  gpuMemoryTotal,
  gpuMemoryUsed,
  gpuMemoryUtilization,
  gpuPcieReplayErrors,
  gpuPowerDraw,
  gpuPowerLimit,
  gpuProcessMemoryUsed,
  gpuProcessUtilization,
  gpuRemappedRows,
  gpuRowRemapFailed,
  gpuRowRemapPending,
  gpuSmClock,
  gpuTemperature,
  gpuUtilization,
  gpuXidErrors,
  type MetricDefinition,
} from "@trainwatch/catalog";
import { registerCatalogMetric } from "@trainwatch/exporter";
import type { Registry } from "prom-client";
import type { GpuProcess, GpuReading } from "./gpu-reading.js";
import type { GpuSampler } from "./start-gpu-sampler.js";

/** Metric names to export: trainwatch's, DCGM-exporter's, or both. */
export type GpuNaming = "trainwatch" | "dcgm" | "both";

const flag = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0);

/** Each per-GPU value metric of the catalog, and where a reading keeps its value. */
const valueMetrics: readonly [MetricDefinition, (r: GpuReading) => number | undefined][] = [
  [gpuMemoryUsed, (r) => r.memoryUsedBytes],
  [gpuMemoryTotal, (r) => r.memoryTotalBytes],
  [gpuUtilization, (r) => r.utilizationRatio],
  [gpuMemoryUtilization, (r) => r.memoryUtilizationRatio],
  [gpuTemperature, (r) => r.temperatureCelsius],
  [gpuPowerDraw, (r) => r.powerDrawWatts],
  [gpuPowerLimit, (r) => r.powerLimitWatts],
  [gpuSmClock, (r) => r.smClockHertz],
  [gpuMemoryClock, (r) => r.memoryClockHertz],
  [gpuEnergy, (r) => r.energyJoules],
  [gpuEccErrorsUncorrected, (r) => r.eccErrorsUncorrected],
  [gpuPcieReplayErrors, (r) => r.pcieReplays],
  [gpuRowRemapPending, (r) => flag(r.remappedRows?.pending)],
  [gpuRowRemapFailed, (r) => flag(r.remappedRows?.failed)],
];
const readerOf = new Map(valueMetrics.map(([definition, read]) => [definition.name, read]));

/**
 * Registers the GPU metrics on `registry`, read from the sampler's latest state at scrape time
 * (a scrape never waits for a GPU). A field a GPU does not support yields no series. The
 * collector's own health metrics are always exported under trainwatch's names.
 */
export function registerGpuMetrics(
  registry: Registry,
  sampler: GpuSampler,
  naming: GpuNaming = "trainwatch",
): void {
  const source = sampler.source.name;
  const { state } = sampler;
  const labels = (r: GpuReading) => ({ gpu: String(r.index), uuid: r.uuid, source });

  if (naming !== "dcgm") {
    registerCatalogMetric(registry, gpuInfo, (write) => {
      for (const r of state.readings)
        write(
          { ...labels(r), name: r.name, driver_version: r.driverVersion, pci_bus_id: r.pciBusId },
          1,
        );
    });
    for (const [definition, read] of valueMetrics) {
      registerCatalogMetric(registry, definition, (write) => {
        for (const r of state.readings) {
          const value = read(r);
          if (value !== undefined) write(labels(r), value);
        }
      });
    }
    registerCatalogMetric(registry, gpuClockEventActive, (write) => {
      for (const r of state.readings) {
        for (const reason of clockEventReasons) {
          const active = r.clockEvents?.[reason];
          if (active !== undefined) write({ ...labels(r), reason }, active ? 1 : 0);
        }
      }
    });
    registerCatalogMetric(registry, gpuRemappedRows, (write) => {
      for (const r of state.readings) {
        if (!r.remappedRows) continue;
        write({ ...labels(r), cause: "correctable" }, r.remappedRows.correctable);
        write({ ...labels(r), cause: "uncorrectable" }, r.remappedRows.uncorrectable);
      }
    });
    registerCatalogMetric(registry, gpuXidErrors, (write) => {
      for (const r of state.readings)
        for (const [xid, count] of Object.entries(r.xidErrors ?? {}))
          write({ ...labels(r), xid }, count);
    });
    const processLabels = (r: GpuReading, p: GpuProcess) => ({
      ...labels(r),
      pid: String(p.pid),
      container_id: p.containerId ?? "",
      pod_uid: p.podUid ?? "",
    });
    registerCatalogMetric(registry, gpuProcessMemoryUsed, (write) => {
      for (const r of state.readings)
        for (const p of r.processes)
          if (p.memoryUsedBytes !== undefined) write(processLabels(r, p), p.memoryUsedBytes);
    });
    registerCatalogMetric(registry, gpuProcessUtilization, (write) => {
      for (const r of state.readings)
        for (const p of r.processes)
          if (p.smUtilizationRatio !== undefined) write(processLabels(r, p), p.smUtilizationRatio);
    });
  }
  if (naming !== "trainwatch") registerDcgmMetrics(registry, sampler);

  const self = { source };
  registerCatalogMetric(registry, gpuCollectorUp, (write) => {
    if (state.up !== undefined) write(self, state.up ? 1 : 0);
  });
  registerCatalogMetric(registry, gpuCollectorLastSuccess, (write) => {
    if (state.lastSuccessSeconds !== undefined) write(self, state.lastSuccessSeconds);
  });
  registerCatalogMetric(registry, gpuCollectorReadDuration, (write) => {
    if (state.lastDurationSeconds !== undefined) write(self, state.lastDurationSeconds);
  });
  registerCatalogMetric(registry, gpuCollectorReadErrors, (write) => write(self, state.errors));
}

/** dcgm-exporter's names, units and labels (plus `source`, so replayed data stays marked). */
function registerDcgmMetrics(registry: Registry, sampler: GpuSampler): void {
  const host = hostname();
  for (const dcgm of dcgmMetrics) {
    const read = readerOf.get(dcgm.of);
    if (!read)
      throw new Error(`DCGM metric ${dcgm.name} maps to ${dcgm.of}, which no reading carries`);
    const definition = {
      name: dcgm.name,
      type: dcgm.type,
      help: dcgm.help,
      unit: "",
      labelNames: [...dcgmLabels, "source"],
    } as const;
    registerCatalogMetric(registry, definition, (write) => {
      for (const r of sampler.state.readings) {
        const value = read(r);
        if (value === undefined) continue;
        const labels = {
          gpu: String(r.index),
          UUID: r.uuid,
          device: `nvidia${r.index}`,
          modelName: r.name,
          Hostname: host,
          pci_bus_id: r.pciBusId,
          source: sampler.source.name,
        };
        write(labels, value * dcgm.scale);
      }
    });
  }
}
