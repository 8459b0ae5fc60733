import { existsSync, statSync } from "node:fs";
import { createLogger, describeFlag, parseInput } from "@trainwatch/cli-kit";
import { dashboardsDir } from "@trainwatch/grafana-dashboards";
import { authEnvSchema, readWebConfig, webConfigAuth } from "@trainwatch/http-kit";
import { loadDashboards, startViewer } from "@trainwatch/viewer";
import type { Command } from "commander";
import { z } from "zod";

const schema = z.object({
  flags: z.object({
    prometheusUrl: z.url({
      protocol: /^https?$/,
      error: "expected Prometheus' base URL, e.g. http://127.0.0.1:9090",
    }),
    dashboardsDir: z
      .string()
      .min(1)
      .refine((dir) => existsSync(dir) && statSync(dir).isDirectory(), {
        message: "expected a folder of Grafana dashboard JSON files",
      }),
    host: z.string().min(1),
    port: z.coerce
      .number({ error: "expected a port number" })
      .pipe(z.number().int().min(0).max(65_535)),
    scrapeInterval: z
      .string()
      .regex(/^\d+(ms|s|m)$/, "expected a duration such as 1s, 15s or 1m")
      .transform((d) => {
        const n = Number.parseInt(d, 10);
        return d.endsWith("ms") ? n : d.endsWith("s") ? n * 1000 : n * 60_000;
      }),
    "web.config.file": z.string().min(1, "expected a file").optional(),
  }),
  auth: authEnvSchema("VIEWER"),
});

/** `trainwatch dashboards`: the read-only dashboard viewer against any Prometheus. */
export function registerDashboardsCommand(program: Command): void {
  program
    .command("dashboards")
    .description("serve the dashboards of a folder, drawn in the browser, against any Prometheus")
    .requiredOption("--prometheus-url <url>", "the Prometheus to query, e.g. http://127.0.0.1:9090")
    .option("--dashboards-dir <dir>", "a folder of Grafana dashboard JSON files", dashboardsDir)
    .option("--host <address>", "address to listen on (not loopback: auth required)", "127.0.0.1")
    .option("--port <port>", "port to listen on; 0 picks a free one", "3001")
    .option(
      "--scrape-interval <duration>",
      "the smallest query step (Grafana's datasource timeInterval)",
      "15s",
    )
    .option(
      "--web.config.file <file>",
      "serve as this web.yml says (exporter-toolkit's format: TLS, client certificates, basic auth users, headers)",
    )
    .addHelpText(
      "after",
      "\nEnvironment (needed with a --host other than loopback):\n  TRAINWATCH_VIEWER_TOKEN                bearer token\n  TRAINWATCH_VIEWER_USER, TRAINWATCH_VIEWER_PASSWORD_HASH   basic auth (bcrypt hash)",
    )
    .action(async (flags: Record<string, string>) => {
      const { flags: config, auth } = parseInput(schema, { flags, auth: process.env }, (path) =>
        path[0] === "flags" ? describeFlag(path.slice(1)) : String(path[1]),
      );
      const webFile = config["web.config.file"];
      const web = webFile === undefined ? undefined : readWebConfig(webFile);
      const logger = createLogger("dashboards");
      const files = loadDashboards(config.dashboardsDir);
      for (const f of files) {
        if (f.error) logger.warn(`${f.file}: ${f.error}`);
        for (const problem of f.problems) logger.warn(`${f.file}: not drawn: ${problem}`);
      }
      const server = await startViewer({
        ...config,
        scrapeIntervalMs: config.scrapeInterval,
        auth: webConfigAuth(web, auth),
        web,
      });
      logger.info(
        `${files.filter((f) => f.dashboard).length} dashboards of ${config.dashboardsDir} at ${server.url}/ (Prometheus ${config.prometheusUrl})`,
      );
      await new Promise((resolve) => process.once("SIGINT", resolve).once("SIGTERM", resolve));
      await server.close();
    });
}
