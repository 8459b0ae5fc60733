import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { Logger } from "@trainwatch/cli-kit";
import type { MetricsThreadOptions, ThreadCollector } from "@trainwatch/exporter";
import type { TrainerConfig } from "./trainer-config.js";

/** The GPU collector, started on the metrics thread when `--gpu` asks for one. */
function gpuCollectors(config: Pick<TrainerConfig, "gpu">): ThreadCollector[] {
  if (config.gpu.kind === "none") return [];
  return [
    {
      metrics: "GPU metrics",
      module: pathToFileURL(createRequire(import.meta.url).resolve("@trainwatch/gpu-collector"))
        .href,
      name: "startGpuCollector",
      options: { source: config.gpu },
    },
  ];
}

/** What the trainer's metrics thread serves and pushes, from the trainer's flags. */
export function metricsThreadOptions(config: TrainerConfig, logger: Logger): MetricsThreadOptions {
  return {
    job: config.job,
    task: config.task,
    report: config.report,
    smoothing: config.smoothing,
    host: config.metricsHost,
    port: config.metricsPort,
    controlPort: config.controlPort,
    auth: config.metricsAuth,
    web: config.web,
    controlToken: config.controlToken,
    pushgateway: config.pushgatewayUrl
      ? {
          url: config.pushgatewayUrl,
          intervalSeconds: config.pushInterval,
          spoolDir: config.spoolDir,
        }
      : undefined,
    ...(config.otlpEndpoint && {
      otlp: { url: config.otlpEndpoint, intervalSeconds: config.otlpInterval },
    }),
    collectors: gpuCollectors(config),
    logger,
  };
}
