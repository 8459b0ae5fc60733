import koffi from "koffi";
import type { NvmlFunction, NvmlFunctions } from "./load-nvml.js";
import { nvmlEventTypeXidCriticalError, nvmlReturn } from "./nvml-constants.js";

/** Calls an NVML function on a worker thread and resolves with its nvmlReturn_t. */
export type CallNvml = (fn: NvmlFunction, args: unknown[]) => Promise<number>;

/** Counts the XID events of the GPUs it watches, waiting for them on a worker thread. */
export interface XidWatcher {
  /** Starts watching a GPU; false when the GPU's XID events cannot be watched. */
  watch(index: number, handle: unknown): Promise<boolean>;
  /** A copy of the GPU's XID event counts since it was watched, by code; undefined where it is
   *  not watched. */
  counts(index: number): Readonly<Record<string, number>> | undefined;
  /** Stops waiting (within one wait's time-out) and frees the event set. */
  close(): Promise<void>;
}

/** How long one nvmlEventSetWait blocks its worker thread: also how long `close` may take. */
const waitMs = 500;

/**
 * Watches XID critical-error events through NVML's event API (an event set, each GPU registered
 * on it, `nvmlEventSetWait_v2` in a loop on koffi's worker threads, never the event loop).
 * Resolves with a watcher that watches nothing when the driver offers no events.
 */
export async function startXidWatcher(nvml: NvmlFunctions, call: CallNvml): Promise<XidWatcher> {
  const created: [unknown] = [null];
  const supported = (await call(nvml.eventSetCreate, [created])) === nvmlReturn.success;
  const set = created[0];
  const byAddress = new Map<bigint, number>();
  const counts = new Map<number, Record<string, number>>();
  let closed = false;

  const loop = (async () => {
    if (!supported) return;
    while (!closed) {
      const data: { device?: unknown; eventType?: bigint | number; eventData?: bigint | number } =
        {};
      const ret = await call(nvml.eventSetWait, [set, data, waitMs]);
      if (ret === nvmlReturn.timeout) continue;
      // Anything but an event or a time-out ends the watch; the counts so far stay.
      if (ret !== nvmlReturn.success) return;
      const index =
        data.device === undefined ? undefined : byAddress.get(koffi.address(data.device));
      const gpu = index === undefined ? undefined : counts.get(index);
      if (!gpu) continue;
      const xid = String(data.eventData);
      gpu[xid] = (gpu[xid] ?? 0) + 1;
    }
  })();

  return {
    async watch(index, handle) {
      if (!supported || closed) return false;
      const ret = await call(nvml.registerEvents, [handle, nvmlEventTypeXidCriticalError, set]);
      if (ret !== nvmlReturn.success) return false;
      byAddress.set(koffi.address(handle), index);
      counts.set(index, counts.get(index) ?? {});
      return true;
    },
    counts: (index) => {
      const gpu = counts.get(index);
      return gpu && { ...gpu };
    },
    async close() {
      if (closed) return;
      closed = true;
      await loop;
      if (supported) await call(nvml.eventSetFree, [set]);
    },
  };
}
