import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describeBinary } from "./describe-binary.js";
import { alertmanagerBinary } from "./find-binary.js";
import { type Netns, resolveAddress } from "./resolve-address.js";
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
  /** Run it in this network namespace, on the port given. */
  readonly netns?: Netns;
  /** Gossip with these peers (`host:port`) from `listenAddress`, so a cluster notifies once. */
  readonly cluster?: { readonly listenAddress: string; readonly peers: readonly string[] };
}

/**
 * Starts the system's Alertmanager on loopback, clustering off unless `cluster` names its peers,
 * and waits for `/-/ready`.
 */
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
    url,
    port,
    readyPath: "/-/ready",
    logFile: join(options.dir, "alertmanager.log"),
    detached: options.detached,
    netns: options.netns?.name,
  });
}
