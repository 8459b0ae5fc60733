import { createRequire } from "node:module";
import {
  type ServiceHandle,
  type ServicePlacement,
  startManagedService,
} from "@trainwatch/native-services";

/** This package's CLI, whose `dashboards` command the stack runs. */
const stackCli: string = createRequire(import.meta.url).resolve("@trainwatch/stack/cli");

export interface ViewerProcessOptions extends ServicePlacement {
  readonly prometheusUrl: string;
  /** The datasource scrape interval the stack's Prometheus uses (its smallest step). */
  readonly scrapeInterval: string;
  readonly logFile: string;
  /** Serve HTTPS as this web.yml says (with `tls`, how this process reaches it). */
  readonly webConfigFile?: string;
}

/** Starts `trainwatch dashboards` (the viewer) with the project's dashboards against the stack's Prometheus. */
export function startViewerProcess(options: ViewerProcessOptions): Promise<ServiceHandle> {
  return startManagedService(
    {
      name: "dashboards",
      portFlag: "--dashboard-port",
      readyPath: "/healthz",
      logFile: options.logFile,
      command: ({ host, port }) => ({
        binary: process.execPath,
        args: [
          ...[stackCli, "dashboards", "--host", host, "--port", String(port)],
          ...["--prometheus-url", options.prometheusUrl],
          ...["--scrape-interval", options.scrapeInterval],
          ...(options.webConfigFile ? ["--web.config.file", options.webConfigFile] : []),
        ],
      }),
    },
    options,
  );
}
