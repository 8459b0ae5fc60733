import type { Logger } from "@trainwatch/cli-kit";
import type { GpuReading } from "./gpu-reading.js";
import type { GpuSource } from "./gpu-source.js";

/** What the last reads found; the scrape reads this and never touches the GPU itself. */
export interface SamplerState {
  /** Readings of the last successful read; empty while reads fail (no stale values). */
  readonly readings: readonly GpuReading[];
  /** Whether the last read succeeded; undefined before the first one ended. */
  readonly up: boolean | undefined;
  readonly lastSuccessSeconds: number | undefined;
  readonly lastDurationSeconds: number | undefined;
  readonly errors: number;
}

/** A running sampler; `close()` stops it and closes the source. */
export interface GpuSampler extends AsyncDisposable {
  readonly source: GpuSource;
  readonly state: SamplerState;
  /** Reads once now (unless a read is in flight) and resolves when it has ended. */
  sampleNow(): Promise<void>;
  close(): Promise<void>;
}

export interface GpuSamplerOptions {
  readonly source: GpuSource;
  /** Time between reads; default 1000 ms. */
  readonly intervalMs?: number;
  /** A read that takes longer fails (and is not retried until it ends); default 5000 ms. */
  readonly timeoutMs?: number;
  readonly logger: Logger;
}

/**
 * Starts reading `source` every `intervalMs` in the background and resolves after the first
 * read has ended. A failed or timed-out read marks the collector down, clears the readings,
 * counts an error and is logged once; a read still hanging is never joined by another.
 */
export async function startGpuSampler({
  source,
  intervalMs = 1000,
  timeoutMs = 5000,
  logger,
}: GpuSamplerOptions): Promise<GpuSampler> {
  const state = {
    readings: [] as readonly GpuReading[],
    up: undefined as boolean | undefined,
    lastSuccessSeconds: undefined as number | undefined,
    lastDurationSeconds: undefined as number | undefined,
    errors: 0,
  };
  let inFlight: Promise<void> | undefined;

  const fail = (message: string) => {
    state.up = false;
    state.readings = [];
    state.errors += 1;
    logger.warnOnce("read", `GPU read from ${source.name} failed: ${message}`);
  };

  const sample = (): Promise<void> => {
    if (inFlight) return inFlight;
    const controller = new AbortController();
    const started = performance.now();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
      fail(`no answer within ${timeoutMs} ms`);
    }, timeoutMs);
    inFlight = source
      .read(controller.signal)
      .then(
        (readings) => {
          if (timedOut) return;
          if (state.up === false) logger.info(`GPU reads from ${source.name} work again`);
          state.readings = readings;
          state.up = true;
          state.lastSuccessSeconds = Date.now() / 1000;
        },
        (error: unknown) => {
          if (!timedOut) fail(error instanceof Error ? error.message : String(error));
        },
      )
      .finally(() => {
        clearTimeout(timer);
        state.lastDurationSeconds = (performance.now() - started) / 1000;
        inFlight = undefined;
      });
    return inFlight;
  };

  await sample();
  const interval = setInterval(() => void sample(), intervalMs);
  interval.unref();
  const close = async () => {
    clearInterval(interval);
    await source.close();
  };
  return { source, state, sampleNow: sample, close, [Symbol.asyncDispose]: close };
}
