import { type ClockEventReason, clockEventReasons } from "@trainwatch/catalog";
import type { GpuProcess, GpuReading, RemappedRows } from "../gpu-reading.js";
import type { GpuSource } from "../gpu-source.js";
import { loadNvml, type NvmlFunction, processBufferSize } from "./load-nvml.js";
import {
  clockEventBits,
  nvmlAggregateEcc,
  nvmlClockMem,
  nvmlClockSm,
  nvmlMemoryErrorUncorrected,
  nvmlReturn,
  nvmlTemperatureGpu,
  processInfoSize,
} from "./nvml-constants.js";
import {
  createProcessUtilizationReader,
  type ProcessUtilizationReader,
} from "./read-process-utilization.js";
import { startXidWatcher } from "./watch-xid-events.js";

export interface NvmlSourceOptions {
  /** Default: `libnvidia-ml.so.1` (`nvml.dll` on Windows). */
  readonly libraryPath?: string;
}

/** Calls an NVML function on koffi's worker threads, so a slow driver never blocks the event loop. */
const callAsync = (fn: NvmlFunction, args: unknown[]): Promise<number> =>
  new Promise((resolve, reject) => {
    fn.async(...args, (error: unknown, result: number) =>
      error ? reject(error) : resolve(result),
    );
  });

const notAvailable = 0xffffffffffffffffn; // NVML_VALUE_NOT_AVAILABLE in a 64-bit field
const decodeText = (buffer: Buffer) => buffer.toString("utf8", 0, Math.max(0, buffer.indexOf(0)));

/**
 * Creates a source that reads GPUs through NVML in-process (koffi FFI): initialises NVML once,
 * calls every query of a sample concurrently and shuts NVML down on close. A query the GPU does
 * not support (or that needs more permission) yields undefined; a lost GPU fails the read.
 *
 * @throws Error when the library is missing or nvmlInit fails, with NVML's reason.
 */
export async function createNvmlSource(options: NvmlSourceOptions = {}): Promise<GpuSource> {
  const libraryPath =
    options.libraryPath ?? (process.platform === "win32" ? "nvml.dll" : "libnvidia-ml.so.1");
  let nvml: ReturnType<typeof loadNvml>;
  try {
    nvml = loadNvml(libraryPath);
  } catch (error) {
    throw new Error(`NVML (${libraryPath}) cannot be loaded: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const describe = (ret: number) => `${nvml.errorString(ret) as string} (nvmlReturn ${ret})`;
  const initResult = await callAsync(nvml.init, []);
  if (initResult !== nvmlReturn.success)
    throw new Error(`nvmlInit failed: ${describe(initResult)}`);

  /** Runs one query; true on success, false when unsupported, throws when the GPU is gone. */
  const query = async (fn: NvmlFunction, args: unknown[]): Promise<boolean> => {
    const ret = await callAsync(fn, args);
    if (ret === nvmlReturn.success) return true;
    if (
      ret === nvmlReturn.gpuIsLost ||
      ret === nvmlReturn.uninitialized ||
      ret === nvmlReturn.driverNotLoaded
    ) {
      throw new Error(`${fn.info.name} failed: ${describe(ret)}`);
    }
    return false;
  };
  const number = async (fn: NvmlFunction, ...args: unknown[]) => {
    const out: [number | bigint] = [0];
    return (await query(fn, [...args, out])) ? out[0] : undefined;
  };
  const text = async (fn: NvmlFunction, handle: unknown) => {
    const buffer = Buffer.alloc(96);
    return (await query(fn, [handle, buffer, buffer.length])) ? decodeText(buffer) : undefined;
  };
  const struct = async <T>(fn: NvmlFunction, handle: unknown) => {
    const out = {} as T;
    return (await query(fn, [handle, out])) ? out : undefined;
  };

  const xid = await startXidWatcher(nvml, callAsync);
  const versionBuffer = Buffer.alloc(96);
  const driverVersion = (await query(nvml.driverVersion, [versionBuffer, versionBuffer.length]))
    ? decodeText(versionBuffer)
    : "unknown";
  /** Per GPU index: its handle and identity, which do not change while NVML is initialised. */
  const devices = new Map<
    number,
    {
      handle: unknown;
      uuid: string;
      name: string;
      pciBusId: string;
      processUtilization: ProcessUtilizationReader;
    }
  >();

  const deviceAt = async (index: number) => {
    const known = devices.get(index);
    if (known) return known;
    const out: [unknown] = [null];
    if (!(await query(nvml.handleByIndex, [index, out])))
      throw new Error(`NVML has no handle for GPU ${index}`);
    const handle = out[0];
    const [uuid, name, pci] = await Promise.all([
      text(nvml.uuid, handle),
      text(nvml.name, handle),
      struct<{ busId: string }>(nvml.pciInfo, handle),
    ]);
    if (uuid === undefined) throw new Error(`NVML gave no uuid for GPU ${index}`);
    const device = {
      handle,
      uuid,
      name: name ?? "unknown",
      pciBusId: pci?.busId ?? "unknown",
      processUtilization: createProcessUtilizationReader(
        callAsync,
        nvml.processUtilization,
        handle,
      ),
    };
    devices.set(index, device);
    await xid.watch(index, handle);
    return device;
  };

  const processesOf = async (handle: unknown): Promise<GpuProcess[]> => {
    const count: [number] = [processBufferSize / processInfoSize];
    const buffer = Buffer.alloc(processBufferSize);
    if (!(await query(nvml.processes, [handle, count, buffer]))) return [];
    return Array.from({ length: count[0] }, (_, i) => {
      const memory = buffer.readBigUInt64LE(i * processInfoSize + 8);
      return {
        pid: buffer.readUInt32LE(i * processInfoSize),
        memoryUsedBytes: memory === notAvailable ? undefined : Number(memory),
      };
    });
  };

  const remappedRowsOf = async (handle: unknown): Promise<RemappedRows | undefined> => {
    const out: [number][] = [[0], [0], [0], [0]];
    if (!(await query(nvml.remappedRows, [handle, ...out]))) return undefined;
    const [correctable, uncorrectable, pending, failed] = out.map(([v]) => v) as number[];
    return {
      correctable: correctable ?? 0,
      uncorrectable: uncorrectable ?? 0,
      pending: pending !== 0,
      failed: failed !== 0,
    };
  };

  const readDevice = async (index: number): Promise<GpuReading> => {
    const { handle, uuid, name, pciBusId, processUtilization } = await deviceAt(index);
    const [
      memory,
      utilization,
      temperature,
      power,
      limit,
      sm,
      mem,
      events,
      energy,
      ecc,
      remapped,
      pcieReplays,
      processes,
    ] = await Promise.all([
      struct<{ total: number | bigint; used: number | bigint }>(nvml.memoryInfo, handle),
      struct<{ gpu: number; memory: number }>(nvml.utilization, handle),
      number(nvml.temperature, handle, nvmlTemperatureGpu),
      number(nvml.powerUsage, handle),
      number(nvml.powerLimit, handle),
      number(nvml.clockInfo, handle, nvmlClockSm),
      number(nvml.clockInfo, handle, nvmlClockMem),
      number(nvml.clockEventReasons, handle),
      number(nvml.energy, handle),
      number(nvml.eccErrors, handle, nvmlMemoryErrorUncorrected, nvmlAggregateEcc),
      remappedRowsOf(handle),
      number(nvml.pcieReplays, handle),
      processesOf(handle),
    ]);
    // After the process list: a process listed there without a sample since the last read ran no kernel.
    const utilizationByPid = await processUtilization();
    const scaled = (value: number | bigint | undefined, factor: number) =>
      value === undefined ? undefined : Number(value) * factor;
    let clockEvents: Partial<Record<ClockEventReason, boolean>> | undefined;
    if (events !== undefined) {
      const mask = BigInt(events);
      clockEvents = Object.fromEntries(
        clockEventReasons.map((r) => [r, (mask & clockEventBits[r]) !== 0n]),
      );
    }
    return {
      index,
      uuid,
      name,
      driverVersion,
      pciBusId,
      memoryUsedBytes: scaled(memory?.used, 1),
      memoryTotalBytes: scaled(memory?.total, 1),
      utilizationRatio: scaled(utilization?.gpu, 0.01),
      memoryUtilizationRatio: scaled(utilization?.memory, 0.01),
      temperatureCelsius: scaled(temperature, 1),
      powerDrawWatts: scaled(power, 0.001),
      powerLimitWatts: scaled(limit, 0.001),
      smClockHertz: scaled(sm, 1e6),
      memoryClockHertz: scaled(mem, 1e6),
      clockEvents,
      energyJoules: scaled(energy, 0.001),
      eccErrorsUncorrected: scaled(ecc, 1),
      remappedRows: remapped,
      pcieReplays: scaled(pcieReplays, 1),
      xidErrors: xid.counts(index),
      processes: utilizationByPid
        ? processes.map((p) => ({ ...p, smUtilizationRatio: utilizationByPid.get(p.pid) ?? 0 }))
        : processes,
    };
  };

  let closed = false;
  return {
    name: "nvml",
    async read() {
      if (closed) throw new Error("the NVML source is closed");
      const count = await number(nvml.deviceCount);
      if (count === undefined) throw new Error("nvmlDeviceGetCount failed");
      return Promise.all(Array.from({ length: Number(count) }, (_, i) => readDevice(i)));
    },
    async close() {
      if (closed) return;
      closed = true;
      await xid.close();
      await callAsync(nvml.shutdown, []);
    },
  };
}
