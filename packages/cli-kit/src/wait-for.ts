import { setTimeout as sleep } from "node:timers/promises";
import { TrainwatchError } from "./trainwatch-error.js";

export interface WaitForOptions {
  /** What is awaited, for the time-out message: "Prometheus to answer /-/ready". */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Polls `check` until it returns a value other than `undefined` or `false`, and returns it.
 * A check that throws counts as "not yet"; its last error is quoted on time-out.
 *
 * @throws TrainwatchError("timeout") saying what was awaited, for how long, and the last error.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { what, timeoutMs, intervalMs = 100, signal }: WaitForOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `; last error: ${lastError.message}` : "";
      throw new TrainwatchError(
        "timeout",
        `timed out after ${(timeoutMs / 1000).toFixed(1)} s waiting for ${what}${why}`,
        { cause: lastError },
      );
    }
    await sleep(intervalMs, undefined, { signal });
  }
}
