import { join } from "node:path";
import { describeBinary } from "./describe-binary.js";
import { pushgatewayBinary } from "./find-binary.js";
import type { ServiceHandle } from "./service-handle.js";
import {
  type ManagedService,
  type ServicePlacement,
  startManagedService,
} from "./start-managed-service.js";

export interface PushgatewayOptions extends ServicePlacement {
  /** Folder for the persistence file and the log. */
  readonly dir: string;
}

/** The Pushgateway, persisting pushed metrics to `dir`. */
export function pushgatewayService(options: PushgatewayOptions): ManagedService {
  return {
    name: "pushgateway",
    portFlag: "--pushgateway-port",
    readyPath: "/-/ready",
    logFile: join(options.dir, "pushgateway.log"),
    command: async ({ host, port }) => {
      const binary = await describeBinary(pushgatewayBinary);
      return {
        binary: binary.path,
        binaryInfo: binary,
        args: [
          `--web.listen-address=${host}:${port}`,
          `--persistence.file=${join(options.dir, "pushgateway.metrics")}`,
          "--persistence.interval=5s",
          "--log.level=warn",
        ],
      };
    },
  };
}

/** Starts the Pushgateway (on loopback unless placed elsewhere), persisting to `dir`. */
export function startPushgateway(options: PushgatewayOptions): Promise<ServiceHandle> {
  return startManagedService(pushgatewayService(options), options);
}
