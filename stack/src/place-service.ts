import type { Netns } from "@trainwatch/native-services";
import getPort from "get-port";

/** Where one of the stack's own processes runs: a host and port, maybe in a network namespace. */
export interface Placement {
  readonly host: string;
  /** Default: a free port (in a namespace, the caller names it). */
  readonly port?: number;
  /** Run it there (`ip netns exec`); its URL then uses the namespace's address. */
  readonly netns?: Netns;
}

/** The port, URL and namespace a process placed so gets. */
export async function placeService(
  placement: Placement,
): Promise<{ port: number; url: string; netns?: string }> {
  const { host, netns } = placement;
  if (netns) {
    if (placement.port === undefined)
      throw new Error(`a process in ${netns.name} needs its port named`);
    return {
      port: placement.port,
      url: `http://${netns.address}:${placement.port}`,
      netns: netns.name,
    };
  }
  const port = placement.port ?? (await getPort({ host }));
  return { port, url: `http://${host}:${port}` };
}
