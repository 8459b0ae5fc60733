import getPort from "get-port";
import { assertPortFree } from "./assert-port-free.js";

/**
 * Picks where a service listens: the given host (default loopback) and port, or a free port,
 * checked free before the service starts.
 *
 * @throws TrainwatchError("port_in_use") naming `flag` when the given port is taken.
 */
export async function resolveAddress(
  { host = "127.0.0.1", port }: { host?: string; port?: number },
  flag: string,
): Promise<{ host: string; port: number; url: string }> {
  const chosen = port ?? (await getPort({ host }));
  await assertPortFree(host, chosen, flag);
  return { host, port: chosen, url: `http://${host}:${chosen}` };
}
