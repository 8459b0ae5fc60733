#!/usr/bin/env node
import { createLogger, runMain, TrainwatchError } from "@trainwatch/cli-kit";
import { createMetricsApp, registerDefaultMetrics } from "@trainwatch/exporter";
import {
  createWebConfigMiddleware,
  readWebConfig,
  startHttpServer,
  webConfigAuth,
} from "@trainwatch/http-kit";
import { Command, Option } from "commander";
import { Registry } from "prom-client";
import { type CollectorFlags, parseCollectorConfig } from "./collector-config.js";
import { readCostConfig } from "./cost/read-cost-config.js";
import { demoTraceFile } from "./replay/demo-trace-paths.js";
import { startGpuCollector } from "./start-gpu-collector.js";

const program = new Command("trainwatch-gpu-collector")
  .description(
    "Export GPU metrics (NVML, nvidia-smi, or a recorded trace) on /metrics for Prometheus.",
  )
  .option(
    "--source <source>",
    "auto (NVML, else nvidia-smi), nvml, nvidia-smi or replay:FILE",
    "auto",
  )
  .option(
    "--fallback <source>",
    `when auto finds no GPU, use this instead (e.g. replay:${demoTraceFile})`,
  )
  .option("--host <address>", "address /metrics listens on", "127.0.0.1")
  .option("--port <port>", "port /metrics listens on; 0 picks a free one", "9401")
  .option("--interval <duration>", "time between GPU reads", "1s")
  .option("--timeout <duration>", "a read taking longer fails (the collector reports down)", "5s")
  .addOption(
    new Option("--naming <names>", "metric names: trainwatch's, DCGM-exporter's, or both")
      .choices(["trainwatch", "dcgm", "both"])
      .default("trainwatch"),
  )
  .option(
    "--replay-processes <regex>",
    "replay: give the recorded GPUs to this machine's processes whose command matches (e.g. trainwatch-trainer), to show the GPU-to-job join without a GPU",
  )
  .option(
    "--cost-config <file>",
    "prices per GPU-hour by model and the grid's grams CO2e per kWh (YAML, as prometheus/cost.yml), exported for the cost and carbon of each run",
  )
  .option(
    "--web.config.file <file>",
    "serve /metrics as this web.yml says (exporter-toolkit's format: TLS, client certificates, basic auth users, headers)",
  )
  .option("--nvml-library <path>", "NVML library (default: libnvidia-ml.so.1)")
  .option("--nvidia-smi <path>", "nvidia-smi binary (default: from PATH)")
  .exitOverride()
  .showHelpAfterError("(run with --help for every option)");

await runMain("trainwatch-gpu-collector", async () => {
  program.parse();
  const config = parseCollectorConfig(program.opts<CollectorFlags>());
  const cost = config.costConfig === undefined ? undefined : readCostConfig(config.costConfig);
  const webFile = config["web.config.file"];
  const web = webFile === undefined ? undefined : readWebConfig(webFile);
  const logger = createLogger("gpu-collector");
  const registry = new Registry();
  registerDefaultMetrics(registry, "all");
  const sampler = await startGpuCollector({ ...config, cost, registry, logger });
  if (!sampler) {
    throw new TrainwatchError(
      "usage",
      `no GPU to read: pass --source replay:FILE (e.g. replay:${demoTraceFile}) to replay a recorded trace`,
    );
  }
  const app = createMetricsApp({
    registry,
    auth: webConfigAuth(web),
    ...(web && { before: createWebConfigMiddleware(web.config) }),
  });
  const server = await startHttpServer(app, {
    host: config.host,
    port: config.port,
    tls: web?.tls,
  });
  logger.info(`metrics at ${server.url}/metrics`);
  await new Promise((resolve) => process.once("SIGINT", resolve).once("SIGTERM", resolve));
  await server.close();
  await sampler.close();
  return 0;
});
