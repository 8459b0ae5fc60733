import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

/** Idle and total jiffies of every CPU (/proc/stat's first line). */
export interface CpuReading {
  readonly idle: number;
  readonly total: number;
}

/** Reads /proc/stat's CPU line now. */
export function readMachineCpu(): CpuReading {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "")
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { idle, total: fields.reduce((a, b) => a + b, 0) };
}

/** Cores busy since `from`, over the whole machine (every process on it). */
export function busyCoresSince(from: CpuReading): number {
  const now = readMachineCpu();
  const total = now.total - from.total;
  return total > 0 ? (1 - (now.idle - from.idle) / total) * availableParallelism() : Number.NaN;
}
