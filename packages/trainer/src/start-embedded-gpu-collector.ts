import type { Logger } from "@trainwatch/cli-kit";
import { type GpuSampler, startGpuCollector } from "@trainwatch/gpu-collector";
import type { Registry } from "prom-client";
import type { TrainerConfig } from "./trainer-config.js";

/**
 * Starts GPU sampling into the trainer's own registry when `--gpu` asks for it. A GPU source
 * that cannot be opened is logged and left out: monitoring trouble never stops training.
 */
export async function startEmbeddedGpuCollector(
  config: Pick<TrainerConfig, "gpu">,
  registry: Registry,
  logger: Logger,
): Promise<GpuSampler | undefined> {
  if (config.gpu.kind === "none") return undefined;
  try {
    return await startGpuCollector({ registry, source: config.gpu, logger });
  } catch (error) {
    logger.warn(`GPU metrics are off: ${(error as Error).message}`);
    return undefined;
  }
}
