import { createRequire } from "node:module";
import {
  type ClientTls,
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
  /** HTTPS: its web.yml, and how it reaches the trainers' control ports (their CA, its certificate). */
  readonly https?: { readonly webConfigFile: string; readonly trainerTls: Required<ClientTls> };
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
          ...(options.https
            ? [
                ...["--web.config.file", options.https.webConfigFile, "--trainer-scheme", "https"],
                ...["--trainer-ca-file", options.https.trainerTls.caFile],
                ...["--trainer-cert-file", options.https.trainerTls.certFile],
                ...["--trainer-key-file", options.https.trainerTls.keyFile],
              ]
            : []),
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
