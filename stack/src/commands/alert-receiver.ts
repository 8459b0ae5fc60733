import { createLogger, parseInput } from "@trainwatch/cli-kit";
import { registerDefaultMetrics } from "@trainwatch/exporter";
import { readWebConfig, startHttpServer } from "@trainwatch/http-kit";
import { stopAlerts } from "@trainwatch/prometheus-config";
import type { Command } from "commander";
import { Registry } from "prom-client";
import { z } from "zod";
import { createAlertReceiverApp } from "../alert-receiver/create-alert-receiver-app.js";
import { createTrainerAgent } from "../alert-receiver/create-trainer-agent.js";
import { createQueryTrainerLocator } from "../alert-receiver/locate-trainer.js";

const secret = z.string({ error: "is not set" }).min(16, "expected at least 16 characters");
const schema = z.object({
  flags: z
    .object({
      host: z.string().min(1),
      port: z.coerce
        .number({ error: "expected a port number" })
        .pipe(z.number().int().min(0).max(65_535)),
      queryUrl: z
        .url({
          error:
            "expected the URL of a Prometheus-compatible query API, e.g. http://prometheus:9090",
        })
        .transform((url) => url.replace(/\/+$/, "")),
      trainerScheme: z.enum(["http", "https"]),
      stopAlerts: z.string().transform(
        (text) =>
          new Set(
            text
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean),
          ),
      ),
      trainerCaFile: z.string().min(1).optional(),
      trainerCertFile: z.string().min(1).optional(),
      trainerKeyFile: z.string().min(1).optional(),
      trainerServerName: z.string().min(1).optional(),
      "web.config.file": z.string().min(1, "expected a file").optional(),
    })
    .refine((f) => (f.trainerCertFile === undefined) === (f.trainerKeyFile === undefined), {
      message: "give --trainer-cert-file and --trainer-key-file together, or neither",
      path: ["trainerCertFile"],
    }),
  env: z.object({ TRAINWATCH_RECEIVER_TOKEN: secret, TRAINWATCH_CONTROL_TOKEN: secret }),
});

/** `trainwatch alert-receiver`: Alertmanager's early-stop webhook receiver. */
export function registerAlertReceiverCommand(program: Command): void {
  program
    .command("alert-receiver")
    .description("receive Alertmanager webhooks and stop the trainers that stop-worthy alerts name")
    .option("--host <address>", "address the receiver listens on", "127.0.0.1")
    .option("--port <port>", "port the receiver listens on", "9095")
    .requiredOption(
      "--query-url <url>",
      "Prometheus-compatible query API the trainers are found through (the instance of their training_info)",
    )
    .option("--trainer-scheme <scheme>", "how the trainers' control endpoint is reached", "http")
    .option(
      "--stop-alerts <names>",
      "comma-separated alert names that stop a run",
      stopAlerts.join(","),
    )
    .option(
      "--trainer-ca-file <file>",
      "CA that signed the trainers' certificates (https trainers)",
    )
    .option("--trainer-cert-file <file>", "client certificate shown to the trainers' control port")
    .option("--trainer-key-file <file>", "the client certificate's key")
    .option(
      "--trainer-server-name <name>",
      "the name the trainers' certificate holds, when they are reached by address (pod IPs in a cluster)",
    )
    .option(
      "--web.config.file <file>",
      "serve as this web.yml says (exporter-toolkit's format: TLS, client certificates, headers)",
    )
    .addHelpText(
      "after",
      "\nEnvironment:\n  TRAINWATCH_RECEIVER_TOKEN   bearer token Alertmanager must send (required)\n  TRAINWATCH_CONTROL_TOKEN    bearer token of the trainers' POST /control/stop (required)",
    )
    .action(async (flags: Record<string, string>) => {
      const { flags: config, env } = parseInput(schema, { flags, env: process.env }, (path) =>
        path[0] === "env"
          ? String(path[1])
          : `--${String(path[1]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      );
      const webFile = config["web.config.file"];
      const web = webFile === undefined ? undefined : readWebConfig(webFile);
      const trainerDispatcher = createTrainerAgent(config);
      const registry = new Registry();
      registerDefaultMetrics(registry, "all");
      const logger = createLogger("alert-receiver");
      const app = createAlertReceiverApp({
        registry,
        token: env.TRAINWATCH_RECEIVER_TOKEN,
        controlToken: env.TRAINWATCH_CONTROL_TOKEN,
        stopAlerts: config.stopAlerts,
        locateTrainer: createQueryTrainerLocator({
          queryUrl: config.queryUrl,
          scheme: config.trainerScheme,
        }),
        logger,
        trainerDispatcher,
        web,
      });
      const server = await startHttpServer(app, {
        host: config.host,
        port: config.port,
        tls: web?.tls,
      });
      logger.info(
        `receiving Alertmanager webhooks at ${server.url}/alerts; stops runs on ${[...config.stopAlerts].join(", ")}, finding trainers through ${config.queryUrl}`,
      );
      await new Promise((resolve) => process.once("SIGINT", resolve).once("SIGTERM", resolve));
      await server.close();
      await trainerDispatcher?.close();
    });
}
