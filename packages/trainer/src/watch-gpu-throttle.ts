import { gpuClockEventActive } from "@trainwatch/catalog";
import type { Logger } from "@trainwatch/cli-kit";

/** The clock-event reasons that mean the GPU is too hot (NVML's names). */
const thermalReasons = ["hw_thermal_slowdown", "sw_thermal_slowdown"];

/**
 * Whether a GPU collector's `/metrics` text reports a thermal slowdown holding any GPU's clocks
 * down (`gpu_clock_event_active{reason="hw_thermal_slowdown"|"sw_thermal_slowdown"} 1`).
 */
export function reportsThermalSlowdown(metricsText: string): boolean {
  return metricsText
    .split("\n")
    .some(
      (line) =>
        line.startsWith(`${gpuClockEventActive.name}{`) &&
        thermalReasons.some((reason) => line.includes(`reason="${reason}"`)) &&
        /\}\s+1(\s|$)/.test(line),
    );
}

/** A poll of a GPU collector; `throttled()` says what it last read. */
export interface GpuThrottleWatch {
  throttled(): boolean;
  close(): void;
}

/**
 * Reads a GPU collector's `/metrics` every `intervalMs` (default 1 s) for a thermal slowdown,
 * so an injected fault can slow training while the GPU it sees is throttled. A collector that
 * does not answer counts as not throttled; the first failure is logged, training goes on.
 */
export function watchGpuThrottle(
  collectorUrl: string,
  { logger, intervalMs = 1000 }: { readonly logger: Logger; readonly intervalMs?: number },
): GpuThrottleWatch {
  const url = `${collectorUrl.replace(/\/+$/, "")}/metrics`;
  let throttled = false;
  const poll = async () => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(intervalMs * 2) });
      throttled = response.ok && reportsThermalSlowdown(await response.text());
    } catch (error) {
      throttled = false;
      logger.warnOnce(
        "gpu-throttle",
        `cannot read ${url} (${(error as Error).message}): no GPU slowdown`,
      );
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref();
  return { throttled: () => throttled, close: () => clearInterval(timer) };
}
