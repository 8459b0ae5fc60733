import type { GpuSourceName } from "@trainwatch/catalog";
import type { GpuReading } from "./gpu-reading.js";

/** Somewhere GPU readings come from: NVML, nvidia-smi, or a recorded trace. */
export interface GpuSource {
  readonly name: GpuSourceName;
  /** Reads every GPU once. Rejects when the read fails; `signal` aborts a read that hangs. */
  read(signal: AbortSignal): Promise<GpuReading[]>;
  /** Releases the source (NVML shutdown); reads after it reject. */
  close(): Promise<void>;
}
