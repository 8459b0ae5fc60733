import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describeBinary } from "./describe-binary.js";
import { alertmanagerBinary } from "./find-binary.js";
import { resolveAddress } from "./resolve-address.js";
import type { ServiceHandle } from "./service-handle.js";
import { startService } from "./start-service.js";

export interface AlertmanagerOptions {
  /** The rendered alertmanager.yml. */
  readonly configFile: string;
  /** Folder for its data (silences, notification log) and its log. */
  readonly dir: string;
  readonly host?: string;
  /** Default: a free port. */
  readonly port?: number;
  readonly detached?: boolean;
}

/** Starts the system's Alertmanager on loopback, clustering off, and waits for `/-/ready`. */
export async function startAlertmanager(options: AlertmanagerOptions): Promise<ServiceHandle> {
  const { host, port, url } = await resolveAddress(options, "--alertmanager-port");
  const dataDir = join(options.dir, "alertmanager-data");
  mkdirSync(dataDir, { recursive: true });
  const binary = await describeBinary(alertmanagerBinary);
  return startService({
    name: "alertmanager",
    binary: binary.path,
    binaryInfo: binary,
    args: [
      `--config.file=${options.configFile}`,
      `--storage.path=${dataDir}`,
      `--web.listen-address=${host}:${port}`,
      `--web.external-url=http://${host}:${port}/`,
      "--cluster.listen-address=",
      "--log.level=warn",
    ],
    url,
    port,
    readyPath: "/-/ready",
    logFile: join(options.dir, "alertmanager.log"),
    detached: options.detached,
  });
}
