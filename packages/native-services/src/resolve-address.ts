import getPort from "get-port";
import { assertPortFree } from "./assert-port-free.js";

/**
 * A network namespace a service runs in (`ip netns exec`): its name, and the address this
 * namespace's callers reach it at (it listens on `host` inside).
 */
export interface Netns {
  readonly name: string;
  readonly address: string;
}

/** Where a service listens, and the URL its callers reach it at. */
export interface ServiceAddress {
  readonly host: string;
  readonly port: number;
  readonly url: string;
}

/**
 * Picks where a service listens: the given host (default loopback) and port, or a free port,
 * checked free before the service starts. In a network namespace the caller names the port (it
 * cannot be probed from here) and the URL uses the namespace's address.
 *
 * @throws TrainwatchError("port_in_use") naming `flag` when the given port is taken.
 */
export async function resolveAddress(
  { host = "127.0.0.1", port, netns }: { host?: string; port?: number; netns?: Netns },
  flag: string,
): Promise<ServiceAddress> {
  if (netns) {
    if (port === undefined)
      throw new Error(`${flag}: a service in ${netns.name} needs its port named`);
    return { host, port, url: `http://${netns.address}:${port}` };
  }
  const chosen = port ?? (await getPort({ host }));
  await assertPortFree(host, chosen, flag);
  return { host, port: chosen, url: `http://${host}:${chosen}` };
}
