import { createRequire } from "node:module";
import { type ServiceHandle, startService } from "@trainwatch/native-services";
import { type Placement, placeService } from "./place-service.js";

/** This package's CLI, whose `alert-receiver` command the stack runs. */
const stackCli: string = createRequire(import.meta.url).resolve("@trainwatch/stack/cli");

export interface AlertReceiverProcessOptions extends Placement {
  /** The query API the receiver finds trainers through. */
  readonly queryUrl: string;
  readonly receiverToken: string;
  readonly controlToken: string;
  readonly logFile: string;
  readonly detached: boolean;
}

/** Starts `trainwatch alert-receiver` on a free port, its secrets in its environment. */
export async function startAlertReceiverProcess(
  options: AlertReceiverProcessOptions,
): Promise<ServiceHandle> {
  const { host } = options;
  const { port, url, netns } = await placeService(options);
  return startService({
    name: "alert-receiver",
    binary: process.execPath,
    args: [
      stackCli,
      "alert-receiver",
      "--host",
      host,
      "--port",
      String(port),
      "--query-url",
      options.queryUrl,
    ],
    env: {
      TRAINWATCH_RECEIVER_TOKEN: options.receiverToken,
      TRAINWATCH_CONTROL_TOKEN: options.controlToken,
    },
    url,
    port,
    readyPath: "/healthz",
    logFile: options.logFile,
    detached: options.detached,
    netns,
  });
}
