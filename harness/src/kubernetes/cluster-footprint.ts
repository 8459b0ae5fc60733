import { existsSync, readdirSync, readFileSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";

/** The throwaway cluster's network: one node, its pods on a bridge of their own. */
export const clusterNetwork = {
  /** The bridge the pods' veths join; the node's address is its gateway. */
  bridge: "tw-k8s0",
  nodeIp: "10.244.0.1",
  podCidr: "10.244.0.0/24",
  serviceCidr: "10.96.0.0/16",
  apiPort: 6443,
  clusterDomain: "cluster.local",
} as const;

/** The iptables chains the cluster's parts make: kube-proxy's and kubelet's, the CNI plugins'. */
const chainPattern = /^(KUBE-|CNI-)/;

/**
 * What the cluster leaves on the host: its processes, mounts, links, iptables rules, network
 * namespaces and cgroups. Empty before a start and after a stop; a stop that leaves anything
 * fails the harness's check.
 */
export interface ClusterFootprint {
  readonly processes: readonly string[];
  readonly mounts: readonly string[];
  readonly links: readonly string[];
  readonly iptables: readonly string[];
  readonly netns: readonly string[];
  readonly cgroups: readonly string[];
}

/** The command lines of this host's processes that mention `marker` (a cluster's folder). */
export function processesMentioning(marker: string): { pid: number; command: string }[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .flatMap((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
        return command.includes(marker) ? [{ pid: Number(pid), command }] : [];
      } catch {
        return []; // exited meanwhile
      }
    });
}

/** The mount points under `dir`, deepest first (the order to unmount them in). */
export function mountsUnder(dir: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4] ?? "")
    .filter((point) => point.startsWith(dir))
    .sort((a, b) => b.length - a.length);
}

async function iptablesSave(command: "iptables-save" | "ip6tables-save"): Promise<string[]> {
  const saved = await execa(command, [], { reject: false });
  return saved.exitCode === 0 ? saved.stdout.split("\n") : [];
}

/** The iptables lines (both families) that belong to a cluster: its chains and jumps to them. */
async function clusterRules(): Promise<string[]> {
  const lines = [
    ...(await iptablesSave("iptables-save")),
    ...(await iptablesSave("ip6tables-save")),
  ];
  return lines.filter(
    (line) =>
      /^:(KUBE-|CNI-)/.test(line) ||
      (/^-A /.test(line) && /(-j|-A) (KUBE-|CNI-)|tw-k8s0|10\.244\.0\./.test(line)),
  );
}

/** The cgroups (v1 controllers and the unified tree) kubelet made: `kubepods` and below. */
export function kubepodsCgroups(): string[] {
  const root = "/sys/fs/cgroup";
  if (!existsSync(root)) return [];
  const trees = [root, ...readdirSync(root).map((name) => join(root, name))];
  return trees.map((tree) => join(tree, "kubepods")).filter((dir) => existsSync(dir));
}

/** The network namespaces containerd made for pods (`cni-<id>` under /run/netns). */
export function podNetns(): string[] {
  return existsSync("/run/netns")
    ? readdirSync("/run/netns").filter((name) => name.startsWith("cni-"))
    : [];
}

/** What a cluster whose state lives in `dir` has on this host now. */
export async function clusterFootprint(dir: string): Promise<ClusterFootprint> {
  const links = (await execa("ip", ["-o", "link", "show"])).stdout
    .split("\n")
    .filter((line) => line.includes(clusterNetwork.bridge))
    .map((line) => line.split(": ")[1]?.split("@")[0] ?? line);
  return {
    processes: processesMentioning(dir).map(({ command }) => command),
    mounts: [
      ...mountsUnder(dir),
      ...mountsUnder("/run/netns/cni-"),
      ...mountsUnder("/var/run/netns/cni-"),
    ],
    links,
    iptables: await clusterRules(),
    netns: podNetns(),
    cgroups: kubepodsCgroups(),
  };
}

/** The iptables tables (`filter`, `nat`, …) each family has now, as `ip/nat`, `ip6/filter`. */
export async function iptablesTables(): Promise<Set<string>> {
  const tables = new Set<string>();
  for (const [save, family] of [
    ["iptables-save", "ip"],
    ["ip6tables-save", "ip6"],
  ] as const)
    for (const line of await iptablesSave(save))
      if (line.startsWith("*")) tables.add(`${family}/${line.slice(1)}`);
  return tables;
}

/**
 * Deletes the tables made since `before` (kubelet makes `mangle` for a canary chain), when no
 * rule and no chain of their own is left in them.
 */
export async function removeNewEmptyTables(before: ReadonlySet<string>): Promise<void> {
  const builtin = /^:(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) /;
  for (const table of await iptablesTables()) {
    if (before.has(table)) continue;
    const [family, name] = table.split("/") as [string, string];
    const save = family === "ip" ? "iptables-save" : "ip6tables-save";
    const saved = await execa(save, ["-t", name], { reject: false });
    const own = saved.stdout
      .split("\n")
      .filter((line) => line.startsWith("-A ") || (line.startsWith(":") && !builtin.test(line)));
    if (saved.exitCode === 0 && own.length === 0)
      await execa("nft", ["delete", "table", family, name], { reject: false });
  }
}

/** Removes the cluster's iptables rules and chains, both families, every table. */
export async function removeClusterRules(): Promise<void> {
  for (const [save, tool] of [
    ["iptables-save", "iptables"],
    ["ip6tables-save", "ip6tables"],
  ] as const) {
    let table = "";
    const jumps: string[][] = [];
    const chains: [string, string][] = [];
    for (const line of await iptablesSave(save)) {
      if (line.startsWith("*")) table = line.slice(1);
      const chain = /^:(\S+)/.exec(line)?.[1];
      if (chain && chainPattern.test(chain)) chains.push([table, chain]);
      const rule = /^-A (\S+) (.*)$/.exec(line);
      if (rule && !chainPattern.test(rule[1] as string) && /-j (KUBE-|CNI-)/.test(line))
        jumps.push(["-t", table, "-D", rule[1] as string, ...splitRule(rule[2] as string)]);
    }
    for (const args of jumps) await execa(tool, ["-w", ...args], { reject: false });
    for (const [t, chain] of chains)
      await execa(tool, ["-w", "-t", t, "-F", chain], { reject: false });
    for (const [t, chain] of chains)
      await execa(tool, ["-w", "-t", t, "-X", chain], { reject: false });
  }
}

/** An iptables-save rule's arguments, quoted ones (comments) kept whole. */
function splitRule(rule: string): string[] {
  return [...rule.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) =>
    m[1] === undefined ? (m[2] as string) : m[1].replace(/\\(.)/g, "$1"),
  );
}

/** The processes in kubelet's cgroups: pods' processes (a sandbox's pause among them). */
export function kubepodsProcesses(): number[] {
  const pids = new Set<number>();
  const collect = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) collect(join(dir, entry.name));
    try {
      for (const pid of readFileSync(join(dir, "cgroup.procs"), "utf8").split("\n"))
        if (pid) pids.add(Number(pid));
    } catch {
      // removed meanwhile
    }
  };
  for (const dir of kubepodsCgroups()) collect(dir);
  return [...pids];
}

/**
 * Removes kubelet's cgroups, leaves first, after killing what still runs in them: a pod whose
 * sandbox escaped the CRI's removal (one being created while kubelet stopped) keeps its pause
 * process, reparented to init once its shim is gone. Gives up after `timeoutMs`; the footprint
 * check then names what is left.
 */
export async function removeKubepodsCgroups(timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const remove = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) remove(join(dir, entry.name));
    try {
      rmdirSync(dir);
    } catch {
      // a process is still leaving it: tried again below
    }
  };
  while (kubepodsCgroups().length > 0 && Date.now() < deadline) {
    for (const pid of kubepodsProcesses()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    for (const dir of kubepodsCgroups()) remove(dir);
    if (kubepodsCgroups().length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Pod network namespaces made since `before` and left behind: unmounted and deleted. */
export async function removePodNetns(before: ReadonlySet<string>): Promise<void> {
  for (const name of podNetns().filter((name) => !before.has(name)))
    await execa("ip", ["netns", "delete", name], { reject: false });
}
