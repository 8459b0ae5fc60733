import { createRequire } from "node:module";
import {
  type ServiceHandle,
  type ServicePlacement,
  startManagedService,
} from "@trainwatch/native-services";

/** This package's CLI, whose `alert-receiver` command the stack runs. */
const stackCli: string = createRequire(import.meta.url).resolve("@trainwatch/stack/cli");

export interface AlertReceiverProcessOptions extends ServicePlacement {
  /** The query API the receiver finds trainers through. */
  readonly queryUrl: string;
  readonly receiverToken: string;
  readonly controlToken: string;
  readonly logFile: string;
}

/** Starts `trainwatch alert-receiver` on a free port, its secrets in its environment. */
export function startAlertReceiverProcess(
  options: AlertReceiverProcessOptions,
): Promise<ServiceHandle> {
  return startManagedService(
    {
      name: "alert-receiver",
      portFlag: "the receiver's --port",
      readyPath: "/healthz",
      logFile: options.logFile,
      command: ({ host, port }) => ({
        binary: process.execPath,
        args: [
          ...[stackCli, "alert-receiver", "--host", host, "--port", String(port)],
          ...["--query-url", options.queryUrl],
        ],
        env: {
          TRAINWATCH_RECEIVER_TOKEN: options.receiverToken,
          TRAINWATCH_CONTROL_TOKEN: options.controlToken,
        },
      }),
    },
    options,
  );
}
