import { join } from "node:path";
import { describeBinary } from "./describe-binary.js";
import { pushgatewayBinary } from "./find-binary.js";
import { type Netns, resolveAddress } from "./resolve-address.js";
import type { ServiceHandle } from "./service-handle.js";
import { startService } from "./start-service.js";

export interface PushgatewayOptions {
  /** Folder for the persistence file and the log. */
  readonly dir: string;
  readonly host?: string;
  /** Default: a free port. */
  readonly port?: number;
  readonly detached?: boolean;
  /** Run it in this network namespace, on the port given. */
  readonly netns?: Netns;
}

/** Starts the system's Pushgateway on loopback, persisting pushed metrics to `dir`. */
export async function startPushgateway(options: PushgatewayOptions): Promise<ServiceHandle> {
  const { host, port, url } = await resolveAddress(options, "--pushgateway-port");
  const binary = await describeBinary(pushgatewayBinary);
  return startService({
    name: "pushgateway",
    binary: binary.path,
    binaryInfo: binary,
    args: [
      `--web.listen-address=${host}:${port}`,
      `--persistence.file=${join(options.dir, "pushgateway.metrics")}`,
      "--persistence.interval=5s",
      "--log.level=warn",
    ],
    url,
    port,
    readyPath: "/-/ready",
    logFile: join(options.dir, "pushgateway.log"),
    detached: options.detached,
    netns: options.netns?.name,
  });
}
