import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import { type GoProgram, goProgram } from "@trainwatch/deploy/go-tools";
import { type ApiServer, startApiServer } from "@trainwatch/deploy/start-api-server";
import { type ServiceHandle, startService } from "@trainwatch/native-services";
import { execa } from "execa";
import getPort from "get-port";
import type { Log } from "../containers/build-offline-images.js";
import {
  clusterNetwork,
  iptablesTables,
  kubepodsCgroups,
  mountsUnder,
  podNetns,
  processesMentioning,
  removeClusterRules,
  removeKubepodsCgroups,
  removeNewEmptyTables,
  removePodNetns,
} from "./cluster-footprint.js";
import { offlineProgramImage } from "./cluster-images.js";

/** The programs a cluster runs, built from their Go modules (containerd and runc are Debian's). */
const clusterPrograms = [
  "etcd",
  "kube-apiserver",
  "kube-controller-manager",
  "kube-scheduler",
  "kubelet",
  "kube-proxy",
  "kubectl",
  "crictl",
  "coredns",
  "cni-plugins",
  "pause",
] as const satisfies readonly GoProgram[];
type ClusterProgram = (typeof clusterPrograms)[number];

export interface LocalClusterOptions {
  /** Progress lines (builds, start); default: none. */
  readonly log?: Log;
  /** The node's name (default `trainwatch-node`). */
  readonly nodeName?: string;
}

/** A running single-node Kubernetes cluster, and what a test needs to drive it. */
export interface LocalCluster extends AsyncDisposable {
  /** The folder of its state, logs (`logs/`) and kubeconfig. */
  readonly dir: string;
  readonly kubeconfig: string;
  readonly server: string;
  readonly nodeName: string;
  /**
   * Milliseconds from its first process to a Ready node with cluster DNS answering (its programs
   * and sandbox image already built).
   */
  readonly startMs: number;
  /** Runs kubectl against the cluster; rejects with its output when it fails. */
  kubectl(args: readonly string[], input?: string): Promise<string>;
  /** Copies images from the Docker engine into the node's containerd (what a pull would do). */
  importImages(tags: readonly string[]): Promise<void>;
  /**
   * Offers a PersistentVolume (a folder of the cluster's, as local-path provisioners make them:
   * writable by all) to the next claim without a storage class; the cluster has none.
   */
  addVolume(name: string, storage?: string): Promise<void>;
  /** Stops everything and removes what it made: processes, mounts, links, iptables rules. */
  stop(): Promise<void>;
}

/** Why no cluster can start here, or undefined. */
export async function localClusterSkipReason(): Promise<string | undefined> {
  if (process.platform !== "linux") return "the throwaway cluster needs Linux";
  if (process.getuid?.() !== 0)
    return "the throwaway cluster needs root (kubelet, containerd, iptables)";
  for (const tool of ["containerd", "containerd-shim-runc-v2", "runc", "ctr", "iptables", "ip"])
    if ((await execa("sh", ["-c", `command -v ${tool}`], { reject: false })).exitCode !== 0)
      return `${tool} is not installed (Debian: apt-get install containerd runc iptables iproute2)`;
  if ((await execa("docker", ["version"], { reject: false })).exitCode !== 0)
    return "no Docker engine to take the cluster's images from";
  return undefined;
}

/** The cluster's programs, built once (a first build announces itself on `log`). */
async function clusterBinaries(log: Log): Promise<Record<ClusterProgram, string>> {
  const paths: Partial<Record<ClusterProgram, string>> = {};
  for (const name of clusterPrograms) {
    const program = await goProgram(name, log);
    if ("skip" in program) throw new Error(program.skip);
    paths[name] = name === "cni-plugins" ? program.dir : program.path;
  }
  return paths as Record<ClusterProgram, string>;
}

const yaml = (value: unknown) => JSON.stringify(value, null, 2); // JSON is YAML

/**
 * Starts a throwaway single-node Kubernetes 1.34 cluster on this host: etcd, the API server,
 * controller manager and scheduler, containerd (Debian's, on a socket and folders of its own) with
 * runc, kubelet (cgroupfs), kube-proxy (iptables), the CNI bridge, host-local, portmap and firewall
 * plugins, and CoreDNS as the cluster's DNS — all host processes, the pods on a bridge of their own
 * (`clusterNetwork`). Resolves once the node is Ready and DNS answers; `stop()` (or `await using`)
 * removes every process, mount, link, iptables rule and cgroup it made. One at a time per host.
 */
export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const log = options.log ?? (() => {});
  const nodeName = options.nodeName ?? "trainwatch-node";
  const { bridge, nodeIp, podCidr, clusterDomain, apiPort } = clusterNetwork;
  if ((await execa("ip", ["link", "show", bridge], { reject: false })).exitCode === 0)
    throw new Error(
      `the bridge ${bridge} exists: another throwaway cluster runs here, or one was killed before its stop (delete it with \`ip link delete ${bridge}\` once none runs)`,
    );
  if (kubepodsCgroups().length > 0) {
    // No cluster of ours runs (its bridge is gone), so these are a killed one's pods.
    log(`removing a previous cluster's pods left in ${kubepodsCgroups().join(", ")}`);
    await removeKubepodsCgroups();
  }
  const bin = await clusterBinaries(log);
  const pause = await offlineProgramImage("pause", bin.pause, "the pods' sandbox", log);
  const began = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "trainwatch-cluster-"));
  const logs = join(dir, "logs");
  for (const sub of ["logs", "cni", "ipam", "kubelet", "containerd"])
    mkdirSync(join(dir, sub), { recursive: true });
  const netnsBefore = new Set(podNetns());
  const tablesBefore = await iptablesTables();
  const services: ServiceHandle[] = [];
  let apiServer: ApiServer | undefined;
  const socket = join(dir, "containerd.sock");
  const kubeconfig = join(dir, "kubeconfig");
  const kubectl = async (args: readonly string[], input?: string) => {
    const result = await execa(bin.kubectl, ["--kubeconfig", kubeconfig, ...args], {
      input,
      reject: false,
      all: true,
    });
    if (result.exitCode !== 0)
      throw new Error(`kubectl ${args.join(" ")} exited ${result.exitCode}: ${result.all}`);
    return result.stdout;
  };

  /** `docker save | ctr import`: what a pull would put in the node's containerd. */
  const importImages = async (tags: readonly string[]) => {
    for (const tag of tags)
      await execa("sh", [
        "-c",
        'docker save "$0" | ctr --address "$1" --namespace k8s.io images import -',
        tag,
        socket,
      ]);
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const kubelet = services.find((s) => s.name === "kubelet");
    await kubelet?.stop(10_000);
    // Every sandbox stopped and removed through the CRI: the CNI plugins undo their work.
    if (existsSync(socket))
      await execa(
        bin.crictl,
        ["--runtime-endpoint", `unix://${socket}`, "rmp", "--all", "--force"],
        {
          reject: false,
          timeout: 60_000,
        },
      );
    for (const service of services.reverse()) if (service !== kubelet) await service.stop(10_000);
    await apiServer?.stop();
    // containerd's shims outlive it; anything else of the cluster's too, if it got that far.
    for (const { pid } of processesMentioning(dir)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    await execa(bin["kube-proxy"], ["--cleanup"], { reject: false });
    await removeClusterRules();
    await removeNewEmptyTables(tablesBefore);
    await removeKubepodsCgroups();
    for (const point of mountsUnder(dir)) await execa("umount", ["-l", point], { reject: false });
    await removePodNetns(netnsBefore);
    await execa("ip", ["link", "delete", bridge], { reject: false });
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await execa("ip", ["link", "add", bridge, "type", "bridge"]);
    await execa("ip", ["addr", "add", `${nodeIp}/24`, "dev", bridge]);
    await execa("ip", ["link", "set", bridge, "up"]);

    apiServer = await startApiServer({
      apiServer: bin["kube-apiserver"],
      etcd: bin.etcd,
      address: nodeIp,
      port: apiPort,
      dir: join(dir, "apiserver"),
      extraArgs: ["--allow-privileged=true", "--kubelet-preferred-address-types=InternalIP"],
    });
    const server = apiServer.url;
    writeFileSync(
      kubeconfig,
      yaml({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
          { name: "local", cluster: { server, "certificate-authority": apiServer.caFile } },
        ],
        users: [{ name: "admin", user: { token: apiServer.token } }],
        contexts: [{ name: "local", context: { cluster: "local", user: "admin" } }],
        "current-context": "local",
      }),
    );
    const api = apiServer;
    const start = (
      name: string,
      binary: string,
      args: readonly string[],
      ready: { url: string; path: string } | (() => Promise<boolean>),
      readyTimeoutMs = 60_000,
    ) =>
      startService({
        name,
        binary,
        args,
        url: typeof ready === "function" ? server : ready.url,
        port: 0,
        readyPath: typeof ready === "function" ? "" : ready.path,
        ...(typeof ready === "function" && { isReady: ready }),
        logFile: join(logs, `${name}.log`),
        readyTimeoutMs,
      }).then((service) => services.push(service));
    const exists = async (path: string) => (await api.call("GET", path)).status === 200;

    const controllerArgs = [
      `--kubeconfig=${kubeconfig}`,
      "--leader-elect=false",
      "--bind-address=127.0.0.1",
      "--secure-port=0",
    ];
    await start(
      "kube-controller-manager",
      bin["kube-controller-manager"],
      [
        ...controllerArgs,
        `--service-account-private-key-file=${apiServer.serviceAccountKeyFile}`,
        `--root-ca-file=${apiServer.caFile}`,
        "--use-service-account-credentials=false",
      ],
      // Pods need their namespace's default service account, which it makes.
      () => exists("/api/v1/namespaces/default/serviceaccounts/default"),
    );
    await start("kube-scheduler", bin["kube-scheduler"], controllerArgs, async () => true);

    writeFileSync(
      join(dir, "cni", "10-trainwatch.conflist"),
      yaml({
        cniVersion: "1.0.0",
        name: "trainwatch",
        plugins: [
          {
            type: "bridge",
            bridge,
            isGateway: true,
            ipMasq: true,
            hairpinMode: true,
            ipam: {
              type: "host-local",
              dataDir: join(dir, "ipam"),
              ranges: [[{ subnet: podCidr, gateway: nodeIp }]],
              routes: [{ dst: "0.0.0.0/0" }],
            },
          },
          { type: "portmap", capabilities: { portMappings: true } },
          // Accepts the pods' traffic in FORWARD, whose policy Docker sets to DROP.
          { type: "firewall" },
        ],
      }),
    );
    writeFileSync(
      join(dir, "containerd.toml"),
      [
        "version = 2",
        `root = "${join(dir, "containerd", "root")}"`,
        `state = "${join(dir, "containerd", "state")}"`,
        "[grpc]",
        `  address = "${socket}"`,
        '[plugins."io.containerd.grpc.v1.cri"]',
        `  sandbox_image = "${pause}"`,
        // No lower OOM score than containerd's own: this host may lack CAP_SYS_RESOURCE, without
        // which runc fails every sandbox ("failed to update /proc/self/oom_score_adj").
        "  restrict_oom_score_adj = true",
        '  [plugins."io.containerd.grpc.v1.cri".cni]',
        `    bin_dir = "${bin["cni-plugins"]}"`,
        `    conf_dir = "${join(dir, "cni")}"`,
        '  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]',
        '    runtime_type = "io.containerd.runc.v2"',
        "",
      ].join("\n"),
    );
    await start(
      "containerd",
      "containerd",
      ["--config", join(dir, "containerd.toml")],
      async () =>
        existsSync(socket) &&
        (await execa("ctr", ["--address", socket, "version"], { reject: false })).exitCode === 0,
    );
    await importImages([pause]);

    const kubeletHealth = await getPort();
    writeFileSync(
      join(dir, "kubelet.yaml"),
      yaml({
        apiVersion: "kubelet.config.k8s.io/v1beta1",
        kind: "KubeletConfiguration",
        cgroupDriver: "cgroupfs",
        // This host has cgroup v1 (Kubernetes 1.35 refuses it by default; 1.34 warns).
        failCgroupV1: false,
        failSwapOn: false,
        containerRuntimeEndpoint: `unix://${socket}`,
        clusterDNS: [nodeIp],
        clusterDomain,
        address: nodeIp,
        readOnlyPort: 0,
        healthzBindAddress: "127.0.0.1",
        healthzPort: kubeletHealth,
        // Its API (logs, exec) answers anyone on the cluster's bridge: a throwaway cluster's.
        authentication: { anonymous: { enabled: true }, webhook: { enabled: false } },
        authorization: { mode: "AlwaysAllow" },
        // A test machine's disk may be fuller than a node's: evict only when nearly full.
        evictionHard: {
          "memory.available": "100Mi",
          "nodefs.available": "2%",
          "imagefs.available": "2%",
        },
        imageGCHighThresholdPercent: 100,
        imageGCLowThresholdPercent: 99,
        resolvConf: "/etc/resolv.conf",
        serializeImagePulls: false,
      }),
    );
    await start(
      "kubelet",
      bin.kubelet,
      [
        `--config=${join(dir, "kubelet.yaml")}`,
        `--kubeconfig=${kubeconfig}`,
        `--root-dir=${join(dir, "kubelet")}`,
        `--hostname-override=${nodeName}`,
        `--node-ip=${nodeIp}`,
      ],
      { url: `http://127.0.0.1:${kubeletHealth}`, path: "/healthz" },
    );
    const proxyHealth = await getPort();
    await start(
      "kube-proxy",
      bin["kube-proxy"],
      [
        `--kubeconfig=${kubeconfig}`,
        `--hostname-override=${nodeName}`,
        "--proxy-mode=iptables",
        `--cluster-cidr=${podCidr}`,
        // Leaves the host's conntrack table size alone (a sysctl, host-wide).
        "--conntrack-max-per-core=0",
        `--healthz-bind-address=127.0.0.1:${proxyHealth}`,
        `--metrics-bind-address=127.0.0.1:${await getPort()}`,
      ],
      { url: `http://127.0.0.1:${proxyHealth}`, path: "/healthz" },
    );
    const dnsReady = await getPort();
    writeFileSync(
      join(dir, "Corefile"),
      [
        ".:53 {",
        `  bind ${nodeIp}`,
        "  errors",
        `  ready 127.0.0.1:${dnsReady}`,
        `  kubernetes ${clusterDomain} in-addr.arpa ip6.arpa {`,
        `    kubeconfig ${kubeconfig} local`,
        "    pods insecure",
        "    fallthrough in-addr.arpa ip6.arpa",
        "  }",
        "  forward . /etc/resolv.conf",
        "  cache 30",
        "}",
        "",
      ].join("\n"),
    );
    await start("coredns", bin.coredns, ["-conf", join(dir, "Corefile")], {
      url: `http://127.0.0.1:${dnsReady}`,
      path: "/ready",
    });
    await waitFor(
      async () => {
        const node = await api.call("GET", `/api/v1/nodes/${nodeName}`);
        if (node.status !== 200) return false;
        const conditions = (
          JSON.parse(node.body) as { status?: { conditions?: { type: string; status: string }[] } }
        ).status?.conditions;
        return conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
      },
      { what: `node ${nodeName} to be Ready (logs: ${logs})`, timeoutMs: 60_000, intervalMs: 500 },
    );
    await waitFor(() => exists("/api/v1/namespaces/kube-system/serviceaccounts/default"), {
      what: "kube-system's default service account",
      timeoutMs: 30_000,
      intervalMs: 500,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const startMs = performance.now() - began;
  log(`cluster up in ${(startMs / 1000).toFixed(1)} s: node ${nodeName} Ready (${dir})`);

  const addVolume = async (name: string, storage = "1Gi") => {
    const path = join(dir, "volumes", name);
    mkdirSync(path, { recursive: true });
    chmodSync(path, 0o777);
    await kubectl(
      ["apply", "-f", "-"],
      yaml({
        apiVersion: "v1",
        kind: "PersistentVolume",
        metadata: { name },
        spec: {
          capacity: { storage },
          accessModes: ["ReadWriteOnce"],
          persistentVolumeReclaimPolicy: "Retain",
          hostPath: { path, type: "Directory" },
        },
      }),
    );
  };
  return {
    dir,
    kubeconfig,
    server: apiServer.url,
    nodeName,
    startMs,
    kubectl,
    importImages,
    addVolume,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
