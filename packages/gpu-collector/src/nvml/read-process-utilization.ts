import type { NvmlFunction } from "./load-nvml.js";
import { nvmlReturn, processUtilizationSampleSize } from "./nvml-constants.js";

/** Calls an NVML function and resolves with its nvmlReturn_t. */
export type NvmlCall = (fn: NvmlFunction, args: unknown[]) => Promise<number>;

/** Reads one GPU's per-process SM utilization: pid → ratio, or undefined where unsupported. */
export type ProcessUtilizationReader = () => Promise<Map<number, number> | undefined>;

/**
 * Creates a reader of `nvmlDeviceGetProcessUtilization` for one GPU. Each read asks for the
 * samples newer than the last one it saw and averages them per pid, so a process's figure is its
 * SM utilization since the previous read. NVML answers NOT_FOUND when no process ran a kernel
 * meanwhile: an empty map (every process idle), not a failure.
 */
export function createProcessUtilizationReader(
  call: NvmlCall,
  fn: NvmlFunction,
  handle: unknown,
): ProcessUtilizationReader {
  let lastSeen = 0n;
  let capacity = 64;
  return async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const buffer = Buffer.alloc(capacity * processUtilizationSampleSize);
      const count: [number] = [capacity];
      const ret = await call(fn, [handle, buffer, count, lastSeen]);
      if (ret === nvmlReturn.notFound) return new Map();
      if (ret === nvmlReturn.insufficientSize) {
        capacity = Math.max(count[0], capacity * 2);
        continue;
      }
      if (ret !== nvmlReturn.success) return undefined;
      const sums = new Map<number, { total: number; samples: number }>();
      for (let i = 0; i < count[0]; i++) {
        const at = i * processUtilizationSampleSize;
        const pid = buffer.readUInt32LE(at);
        const timestamp = buffer.readBigUInt64LE(at + 8);
        if (timestamp > lastSeen) lastSeen = timestamp;
        const sum = sums.get(pid) ?? { total: 0, samples: 0 };
        sum.total += buffer.readUInt32LE(at + 16);
        sum.samples += 1;
        sums.set(pid, sum);
      }
      return new Map([...sums].map(([pid, s]) => [pid, s.total / s.samples / 100]));
    }
    return undefined;
  };
}
