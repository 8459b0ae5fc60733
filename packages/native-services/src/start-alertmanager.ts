import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describeBinary } from "./describe-binary.js";
import { alertmanagerBinary } from "./find-binary.js";
import type { ServiceHandle } from "./service-handle.js";
import {
  type ManagedService,
  type ServicePlacement,
  startManagedService,
} from "./start-managed-service.js";

export interface AlertmanagerOptions extends ServicePlacement {
  /** The rendered alertmanager.yml. */
  readonly configFile: string;
  /** Folder for its data (silences, notification log) and its log. */
  readonly dir: string;
  /** Gossip with these peers (`host:port`) from `listenAddress`, so a cluster notifies once. */
  readonly cluster?: { readonly listenAddress: string; readonly peers: readonly string[] };
}

/** Alertmanager, clustering off unless `cluster` names its peers. */
export function alertmanagerService(options: AlertmanagerOptions): ManagedService {
  return {
    name: "alertmanager",
    portFlag: "--alertmanager-port",
    readyPath: "/-/ready",
    logFile: join(options.dir, "alertmanager.log"),
    command: async ({ host, port, url }) => {
      const dataDir = join(options.dir, "alertmanager-data");
      mkdirSync(dataDir, { recursive: true });
      const binary = await describeBinary(alertmanagerBinary);
      return {
        binary: binary.path,
        binaryInfo: binary,
        args: [
          `--config.file=${options.configFile}`,
          `--storage.path=${dataDir}`,
          `--web.listen-address=${host}:${port}`,
          `--web.external-url=${url}/`,
          ...(options.cluster
            ? [
                `--cluster.listen-address=${options.cluster.listenAddress}`,
                ...options.cluster.peers.map((peer) => `--cluster.peer=${peer}`),
                // Gossip settles within seconds on one machine (default: 15 s of waiting per peer).
                "--cluster.settle-timeout=5s",
              ]
            : ["--cluster.listen-address="]),
          "--log.level=warn",
        ],
      };
    },
  };
}

/** Starts Alertmanager (on loopback unless placed elsewhere) and waits for `/-/ready`. */
export function startAlertmanager(options: AlertmanagerOptions): Promise<ServiceHandle> {
  return startManagedService(alertmanagerService(options), options);
}
