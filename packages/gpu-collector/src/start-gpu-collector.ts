import type { Logger } from "@trainwatch/cli-kit";
import type { Registry } from "prom-client";
import { attributeProcesses } from "./attribute-processes.js";
import type { CostConfig } from "./cost/read-cost-config.js";
import { registerCostMetrics } from "./cost/register-cost-metrics.js";
import { type GpuNaming, registerGpuMetrics } from "./register-gpu-metrics.js";
import { type SelectSourceOptions, type SourceSpec, selectGpuSource } from "./select-gpu-source.js";
import { type GpuSampler, startGpuSampler } from "./start-gpu-sampler.js";

export interface GpuCollectorOptions extends Omit<SelectSourceOptions, "logger"> {
  readonly registry: Registry;
  readonly source: SourceSpec;
  /** Used when `source` is auto and finds no GPU (the stack's demo replays a recorded trace). */
  readonly fallback?: SourceSpec;
  readonly intervalMs?: number;
  readonly naming?: GpuNaming;
  /** Prices per GPU model and the grid's carbon intensity (`--cost-config`); default: none. */
  readonly cost?: CostConfig;
  readonly logger: Logger;
}

/**
 * Opens the GPU source, starts background sampling and registers the GPU metrics on
 * `registry` — the same for the standalone collector and a trainer that embeds it. Resolves
 * undefined when no GPU source is found (and no fallback is given).
 */
export async function startGpuCollector(
  options: GpuCollectorOptions,
): Promise<GpuSampler | undefined> {
  const { logger } = options;
  let source = await selectGpuSource(options.source, options);
  if (!source && options.source.kind === "auto" && options.fallback) {
    source = await selectGpuSource(options.fallback, options);
    if (source?.name === "replay") {
      logger.warn(
        'NO GPU FOUND: REPLAYING A RECORDED TRACE. Every GPU series carries source="replay"; it is not this machine\'s hardware.',
      );
    }
  }
  if (!source) return undefined;
  // A recording's pids are not this machine's: only live ones get their container and pod.
  const live = source.name !== "replay" || options.replayProcesses !== undefined;
  const sampler = await startGpuSampler({
    source: live ? attributeProcesses(source) : source,
    intervalMs: options.intervalMs,
    timeoutMs: options.timeoutMs,
    logger,
  });
  registerGpuMetrics(options.registry, sampler, options.naming);
  if (options.cost) registerCostMetrics(options.registry, sampler, options.cost);
  logger.info(
    `reading GPUs from ${source.name} every ${options.intervalMs ?? 1000} ms: ${sampler.state.readings.length} GPU(s)`,
  );
  return sampler;
}
