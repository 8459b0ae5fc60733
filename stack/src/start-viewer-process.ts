import { createRequire } from "node:module";
import { type ServiceHandle, startService } from "@trainwatch/native-services";
import { type Placement, placeService } from "./place-service.js";

/** This package's CLI, whose `dashboards` command the stack runs. */
const stackCli: string = createRequire(import.meta.url).resolve("@trainwatch/stack/cli");

export interface ViewerProcessOptions extends Placement {
  readonly prometheusUrl: string;
  /** The datasource scrape interval the stack's Prometheus uses (its smallest step). */
  readonly scrapeInterval: string;
  readonly logFile: string;
  readonly detached: boolean;
}

/** Starts `trainwatch dashboards` (the viewer) with the project's dashboards against the stack's Prometheus. */
export async function startViewerProcess(options: ViewerProcessOptions): Promise<ServiceHandle> {
  const { host } = options;
  const { port, url, netns } = await placeService(options);
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
    url,
    port,
    readyPath: "/healthz",
    logFile: options.logFile,
    detached: options.detached,
    netns,
  });
}
