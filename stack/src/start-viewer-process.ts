import { createRequire } from "node:module";
import { type ServiceHandle, startService } from "@trainwatch/native-services";
import getPort from "get-port";

/** This package's CLI, whose `dashboards` command the stack runs. */
const stackCli: string = createRequire(import.meta.url).resolve("@trainwatch/stack/cli");

export interface ViewerProcessOptions {
  readonly host: string;
  /** Default: a free port. */
  readonly port?: number;
  readonly prometheusUrl: string;
  /** The datasource scrape interval the stack's Prometheus uses (its smallest step). */
  readonly scrapeInterval: string;
  readonly logFile: string;
  readonly detached: boolean;
}

/** Starts `trainwatch dashboards` (the viewer) with the project's dashboards against the stack's Prometheus. */
export async function startViewerProcess(options: ViewerProcessOptions): Promise<ServiceHandle> {
  const { host } = options;
  const port = options.port ?? (await getPort({ host }));
  return startService({
    name: "dashboards",
    binary: process.execPath,
    args: [
      stackCli,
      "dashboards",
      "--host",
      host,
      "--port",
      String(port),
      "--prometheus-url",
      options.prometheusUrl,
      "--scrape-interval",
      options.scrapeInterval,
    ],
    url: `http://${host}:${port}`,
    port,
    readyPath: "/healthz",
    logFile: options.logFile,
    detached: options.detached,
  });
}
