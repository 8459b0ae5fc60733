import { randomBytes } from "node:crypto";
import { TrainwatchError, waitFor } from "@trainwatch/cli-kit";
import type { Netns } from "@trainwatch/native-services";
import { execa } from "execa";

/**
 * The hosts of a distributed stack on one machine: a network namespace for the store (and the
 * alerting), one per training node, each node joined to the store by its own veth pair (the
 * store namespace routes between them), and the store joined to this machine by one more, so the
 * CLI, tests and a browser here reach every service.
 *
 * ```
 * this machine 10.K.0.1 ── veth ── 10.K.0.2 store ── veth ── 10.K.i.1 | 10.K.i.2 node-i
 * ```
 */
export interface ClusterNetwork {
  /** Namespace names, store first; `down` deletes them (their veths go with them). */
  readonly namespaces: readonly string[];
  /** The store's namespace, at its address as this machine reaches it. */
  readonly store: Netns;
  /** Each node's namespace (node-1 first), at its own address. */
  readonly nodes: readonly ClusterNode[];
}

export interface ClusterNode extends Netns {
  /** `node-1`, `node-2`, … */
  readonly node: string;
  /** The store's address on this node's link, where the node sends remote writes and pushes. */
  readonly storeAddress: string;
  /** The store-side end of the node's veth: down, the node is cut off. */
  readonly storeLink: string;
}

const ip = async (args: readonly string[]) => {
  const result = await execa("ip", args, { reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`ip ${args.join(" ")} failed: ${result.all}`);
  return result.stdout;
};

/**
 * Checks that this process may make network namespaces: root, and iproute2's `ip`.
 *
 * @throws TrainwatchError("usage") saying what is missing, in one line.
 */
export async function assertCanMakeNamespaces(
  getuid: (() => number) | undefined = process.getuid,
): Promise<void> {
  if (getuid?.() !== 0)
    throw new TrainwatchError(
      "usage",
      "--nodes runs each node in its own network namespace, which needs root: run it as root (sudo), or leave --nodes out to run on one machine",
    );
  const found = await execa("ip", ["-V"], { reject: false });
  if (found.exitCode !== 0)
    throw new TrainwatchError(
      "usage",
      "--nodes needs iproute2's `ip` for its network namespaces: install it (apt-get install -y iproute2), or leave --nodes out",
    );
}

/** A 10.K.0.0/16 no address or route of this machine uses yet (K from 200 to 249). */
async function freeSubnet(): Promise<number> {
  const used = `${await ip(["-4", "addr"])}\n${await ip(["-4", "route"])}`;
  for (let k = 200; k < 250; k += 1) if (!used.includes(`10.${k}.`)) return k;
  throw new Error("no free 10.K.0.0/16 between 10.200 and 10.249 for the cluster's network");
}

/** Creates the namespaces and links for `nodeCount` nodes; on failure removes what it made. */
export async function createClusterNetwork(nodeCount: number): Promise<ClusterNetwork> {
  const id = randomBytes(2).toString("hex");
  const k = await freeSubnet();
  const storeNs = `tw-${id}-store`;
  const nodes: ClusterNode[] = Array.from({ length: nodeCount }, (_, i) => ({
    node: `node-${i + 1}`,
    name: `tw-${id}-node-${i + 1}`,
    address: `10.${k}.${i + 1}.2`,
    storeAddress: `10.${k}.${i + 1}.1`,
    storeLink: `node-${i + 1}`,
  }));
  const network: ClusterNetwork = {
    namespaces: [storeNs, ...nodes.map((n) => n.name)],
    store: { name: storeNs, address: `10.${k}.0.2` },
    nodes,
  };
  const hostLink = `tw${id}`;
  const made: string[] = [];
  try {
    for (const ns of network.namespaces) {
      await ip(["netns", "add", ns]);
      made.push(ns);
      await ip(["-n", ns, "link", "set", "lo", "up"]);
    }
    await ip(["link", "add", hostLink, "type", "veth", "peer", "name", "host", "netns", storeNs]);
    await ip(["addr", "add", `10.${k}.0.1/24`, "dev", hostLink]);
    await ip(["link", "set", hostLink, "up"]);
    await ip(["-n", storeNs, "addr", "add", `${network.store.address}/24`, "dev", "host"]);
    await ip(["-n", storeNs, "link", "set", "host", "up"]);
    await execa("ip", ["netns", "exec", storeNs, "sysctl", "-qw", "net.ipv4.ip_forward=1"]);
    for (const n of nodes) {
      await ip(
        ["-n", storeNs, "link", "add", n.storeLink, "type", "veth"].concat([
          "peer",
          "name",
          "store",
          "netns",
          n.name,
        ]),
      );
      await ip(["-n", storeNs, "addr", "add", `${n.storeAddress}/24`, "dev", n.storeLink]);
      await ip(["-n", storeNs, "link", "set", n.storeLink, "up"]);
      await ip(["-n", n.name, "addr", "add", `${n.address}/24`, "dev", "store"]);
      await ip(["-n", n.name, "link", "set", "store", "up"]);
      await ip(["-n", n.name, "route", "add", "default", "via", n.storeAddress]);
    }
    // This machine reaches the nodes through the store namespace.
    await ip(["route", "add", `10.${k}.0.0/16`, "via", network.store.address]);
    // A veth's carrier comes up through the kernel's link watch, up to a second later.
    await waitFor(
      async () =>
        (await ip(["-o", "link", "show", "dev", hostLink])).includes("LOWER_UP") &&
        (await ip(["-n", storeNs, "-o", "link"]))
          .split("\n")
          .filter((l) => l.includes("@"))
          .every((l) => l.includes("LOWER_UP")),
      { what: "the cluster's links to come up", timeoutMs: 10_000, intervalMs: 100 },
    );
    return network;
  } catch (error) {
    await removeClusterNetwork(made);
    throw error;
  }
}

/**
 * Deletes the namespaces (killing whatever still runs in them); their veths and the route
 * through them go too. Namespaces already gone are skipped.
 */
export async function removeClusterNetwork(namespaces: readonly string[]): Promise<void> {
  const existing = new Set(
    (await ip(["netns", "list"])).split("\n").map((line) => line.split(" ")[0]),
  );
  for (const ns of namespaces.filter((n) => existing.has(n))) {
    const pids = (await ip(["netns", "pids", ns])).split("\n").filter(Boolean);
    for (const pid of pids) {
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        // gone meanwhile
      }
    }
    await ip(["netns", "del", ns]);
  }
}

/** Takes a node's link to the store down (`up: false`: the node is cut off) or back up. */
export async function setNodeLink(
  network: Pick<ClusterNetwork, "store">,
  node: Pick<ClusterNode, "storeLink">,
  up: boolean,
): Promise<void> {
  await ip(["-n", network.store.name, "link", "set", node.storeLink, up ? "up" : "down"]);
}
