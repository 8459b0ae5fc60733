import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ServiceHandle, startAlertmanager } from "@trainwatch/native-services";
import { renderAlertmanagerConfig } from "@trainwatch/prometheus-config";
import { writeSecret } from "../run-dir/write-run-files.js";
import type { StackTls } from "../run-dir/write-stack-tls.js";
import { startAlertReceiverProcess } from "./start-alert-receiver-process.js";

/** The first line of a native stack's alertmanager.yml. */
export const nativeAlertmanagerHeader =
  "Rendered by trainwatch for this native stack from prometheus/src/alerting; do not edit.";

export interface AlertingOptions {
  readonly dir: string;
  readonly host: string;
  readonly alertmanagerPort?: number;
  /** The query API the receiver finds trainers through. */
  readonly queryUrl: string;
  readonly secrets: { readonly receiver: string; readonly control: string };
  readonly detached: boolean;
  /** HTTPS between Alertmanager, the receiver and the trainers' control ports. */
  readonly tls?: StackTls;
  /** Called with each service as soon as it runs, so a later failure can stop it. */
  readonly started: (service: ServiceHandle) => void;
}

/**
 * Starts the early-stop receiver, then Alertmanager with alertmanager.yml rendered to call it
 * (its token in a secret file) and with the receivers the environment configures.
 */
export async function startAlerting(
  options: AlertingOptions,
): Promise<{ alertmanager: ServiceHandle; receiver: ServiceHandle }> {
  const { dir, host, detached } = options;
  const receiver = await startAlertReceiverProcess({
    host,
    queryUrl: options.queryUrl,
    receiverToken: options.secrets.receiver,
    controlToken: options.secrets.control,
    logFile: join(dir, "alert-receiver.log"),
    detached,
    ...(options.tls && {
      tls: options.tls.client("trainwatch"),
      https: {
        webConfigFile: options.tls.webConfigFile("alert-receiver"),
        trainerTls: options.tls.client("alert-receiver"),
      },
    }),
  });
  options.started(receiver);
  const configFile = join(dir, "alertmanager.yml");
  writeFileSync(
    configFile,
    renderAlertmanagerConfig({
      receiverUrl: `${receiver.url}/alerts`,
      receiverTokenFile: writeSecret(dir, "receiver-token", options.secrets.receiver),
      ...(options.tls && { receiverTls: options.tls.client("alertmanager") }),
      env: process.env,
      header: nativeAlertmanagerHeader,
    }),
  );
  const alertmanager = await startAlertmanager({
    configFile,
    dir,
    host,
    port: options.alertmanagerPort,
    detached,
  });
  options.started(alertmanager);
  return { alertmanager, receiver };
}
