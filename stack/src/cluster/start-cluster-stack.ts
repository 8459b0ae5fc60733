import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TrainwatchError, waitFor } from "@trainwatch/cli-kit";
import {
  isAlive,
  type ServiceHandle,
  startAlertmanager,
  startPrometheus,
  startPushgateway,
  startThanosQuery,
  startThanosReceive,
  startThanosRule,
} from "@trainwatch/native-services";
import { defaultThresholds, fastThresholds } from "@trainwatch/prometheus-config";
import { renderAlertmanagerConfig } from "../render-alertmanager-config.js";
import { startAlertReceiverProcess } from "../start-alert-receiver-process.js";
import { startGpuCollectorProcess } from "../start-gpu-collector-process.js";
import type { StackOptions } from "../start-stack.js";
import { startTrainerProcess } from "../start-trainer-process.js";
import { startViewerProcess } from "../start-viewer-process.js";
import { writeFileSdTargets } from "../write-file-sd-targets.js";
import { writeRuleFiles, writeSecret } from "../write-run-files.js";
import {
  assertCanMakeNamespaces,
  type ClusterNetwork,
  createClusterNetwork,
} from "./cluster-network.js";
import {
  type ClusterService,
  type ClusterState,
  readClusterState,
  writeClusterState,
} from "./cluster-state.js";
import { renderAgentConfig } from "./render-agent-config.js";
import { stopClusterStack } from "./stop-cluster-stack.js";

export interface ClusterStackOptions
  extends Pick<
    StackOptions,
    | "dir"
    | "configDir"
    | "trainers"
    | "gpu"
    | "alertTiming"
    | "trainerArgs"
    | "detached"
    | "echo"
    | "logger"
  > {
  /** Training nodes, each in its own network namespace; the trainers are spread over them. */
  readonly nodes: number;
}

/** A started distributed stack; `stop()` stops everything and removes its namespaces. */
export interface ClusterHandle extends AsyncDisposable {
  readonly state: ClusterState;
  readonly network: ClusterNetwork;
  readonly trainers: readonly ServiceHandle[];
  stop(): Promise<void>;
}

/**
 * The ports inside each namespace: a namespace has its own, so they are fixed (the store's
 * services answer at the store's address, each node's at the node's).
 */
export const clusterPorts = {
  query: { http: 9090, grpc: 10901 },
  pushgateway: 9091,
  storeAgent: 9092,
  alertmanagers: [
    { http: 9093, gossip: 9094 },
    { http: 9193, gossip: 9194 },
  ],
  receiver: 9095,
  router: { http: 10908, grpc: 10907, remoteWrite: 19291, replication: 19391 },
  storage: [
    { http: 11902, grpc: 11901, remoteWrite: 11908, replication: 11909 },
    { http: 12902, grpc: 12901, remoteWrite: 12908, replication: 12909 },
  ],
  rule: { http: 10912, grpc: 10911 },
  node: { agent: 9090, gpuCollector: 9401, firstTrainer: 9410 },
} as const;

const token = () => randomBytes(24).toString("hex");

/** `node-1` gets worker-0, `node-2` worker-1, …: workers spread evenly, in turn. */
export const nodeOfWorker = (index: number, nodes: number) => `node-${(index % nodes) + 1}`;

/**
 * Starts the distributed stack on this machine: a store namespace with Thanos (two receivers
 * holding every series twice, a router in front, Query as the one query endpoint, Rule
 * evaluating the project's rule files on the global view), two gossiping Alertmanagers, the
 * Pushgateway, the early-stop receiver and the dashboard viewer; then per node a namespace with a
 * Prometheus agent remote-writing to the router, a GPU collector and that node's trainers.
 * Resolves once every trainer's `up` is queryable through Query (scraped, sent, stored).
 *
 * @throws TrainwatchError("usage") without root or `ip`, or when a stack already runs in `dir`.
 */
export async function startClusterStack(options: ClusterStackOptions): Promise<ClusterHandle> {
  const { dir, logger } = options;
  await assertCanMakeNamespaces();
  const previous = readClusterState(dir);
  if (previous && Object.values(previous.services).some((s) => isAlive(s.pid)))
    throw new TrainwatchError(
      "usage",
      `a distributed stack already runs in ${dir} (query at ${previous.services.query?.url}): stop it with \`trainwatch down\`, or use another --dir`,
    );
  mkdirSync(dir, { recursive: true });
  const network = await createClusterNetwork(options.nodes);
  const fast = options.alertTiming === "fast";
  const state: ClusterState = {
    kind: "cluster",
    services: {},
    trainers: [],
    network: {
      namespaces: [...network.namespaces],
      store: network.store,
      nodes: network.nodes.map((n) => ({ ...n })),
    },
    alertTiming: options.alertTiming,
    dir,
    startedAt: new Date().toISOString(),
  };
  writeClusterState(state); // `down` can clean up even if the start fails half-way
  const trainerHandles: ServiceHandle[] = [];
  const stop = () => stopClusterStack(state);
  const keep = (name: string, handle: ServiceHandle, netns: string | undefined, match: string) => {
    state.services[name] = service(handle, netns, match);
    writeClusterState(state);
    return handle;
  };
  const store = { ...network.store, host: "0.0.0.0" };
  const inStore = { netns: network.store, host: "0.0.0.0" } as const;
  const local = (port: number) => `127.0.0.1:${port}`;
  const secrets = { receiver: token(), control: token() };
  writeSecret(dir, "control-token", secrets.control);
  try {
    const storeDir = join(dir, "store");
    mkdirSync(storeDir, { recursive: true });
    keep(
      "pushgateway",
      await startPushgateway({
        dir: storeDir,
        host: store.host,
        port: clusterPorts.pushgateway,
        netns: network.store,
        detached: options.detached,
      }),
      network.store.name,
      "pushgateway",
    );
    for (const [i, ports] of clusterPorts.storage.entries()) {
      const name = `storage-${i}`;
      keep(
        name,
        await startThanosReceive({
          name,
          dir: storeDir,
          ports: { host: store.host, http: ports.http, grpc: ports.grpc },
          remoteWritePort: ports.remoteWrite,
          replicationPort: ports.replication,
          role: { kind: "ingest" },
          netns: network.store,
          detached: options.detached,
        }),
        network.store.name,
        `receive_replica="${name}"`,
      );
    }
    const { router } = clusterPorts;
    keep(
      "router",
      await startThanosReceive({
        name: "router",
        dir: storeDir,
        ports: { host: store.host, http: router.http, grpc: router.grpc },
        remoteWritePort: router.remoteWrite,
        replicationPort: router.replication,
        role: {
          kind: "route",
          ingesters: clusterPorts.storage.map((p) => local(p.grpc)),
          replicationFactor: 2,
        },
        netns: network.store,
        detached: options.detached,
      }),
      network.store.name,
      "receive.hashrings-file",
    );
    const query = keep(
      "query",
      await startThanosQuery({
        name: "query",
        dir: storeDir,
        ports: { host: store.host, ...clusterPorts.query },
        stores: [...clusterPorts.storage.map((p) => local(p.grpc)), local(clusterPorts.rule.grpc)],
        replicaLabels: ["receive_replica", "rule_replica"],
        netns: network.store,
        detached: options.detached,
      }),
      network.store.name,
      "--query.replica-label",
    );
    keep(
      "alertReceiver",
      await startAlertReceiverProcess({
        ...inStore,
        port: clusterPorts.receiver,
        queryUrl: `http://${local(clusterPorts.query.http)}`,
        receiverToken: secrets.receiver,
        controlToken: secrets.control,
        logFile: join(storeDir, "alert-receiver.log"),
        detached: options.detached,
      }),
      network.store.name,
      "alert-receiver",
    );
    const amConfig = join(storeDir, "alertmanager.yml");
    writeFileSync(
      amConfig,
      renderAlertmanagerConfig(
        readFileSync(join(options.configDir, "alertmanager", "alertmanager.yml"), "utf8"),
        {
          services: { "alert-receiver": local(clusterPorts.receiver) },
          receiverTokenFile: writeSecret(dir, "receiver-token", secrets.receiver),
          env: process.env,
        },
      ),
    );
    const alertmanagers = clusterPorts.alertmanagers;
    for (const [i, ports] of alertmanagers.entries()) {
      keep(
        `alertmanager-${i}`,
        await startAlertmanager({
          configFile: amConfig,
          dir: join(storeDir, `alertmanager-${i}`),
          host: store.host,
          port: ports.http,
          netns: network.store,
          cluster: {
            listenAddress: local(ports.gossip),
            peers: alertmanagers.filter((p) => p !== ports).map((p) => local(p.gossip)),
          },
          detached: options.detached,
        }),
        network.store.name,
        `:${ports.gossip}`,
      );
    }
    const thresholds = fast ? fastThresholds : defaultThresholds;
    keep(
      "rule",
      await startThanosRule({
        name: "rule",
        dir: storeDir,
        ports: { host: store.host, ...clusterPorts.rule },
        ruleFiles: [
          fast ? writeRuleFiles(dir, fastThresholds) : join(options.configDir, "rules", "*.yml"),
        ],
        queryUrl: `http://${local(clusterPorts.query.http)}`,
        alertmanagerUrls: alertmanagers.map((p) => `http://${local(p.http)}`),
        evalInterval: thresholds.evaluationInterval,
        // Firing alerts are re-sent this often: an Alertmanager back from an outage hears of
        // them within seconds, as fast timing promises.
        ...(fast && { resendDelay: "2s" }),
        netns: network.store,
        detached: options.detached,
      }),
      network.store.name,
      "--rule-file=",
    );
    const prometheusYml = readFileSync(join(options.configDir, "prometheus.yml"), "utf8");
    const startAgent = async (
      name: string,
      where: { name: string; address: string },
      agentDir: string,
      host: string,
      port: number,
      services: Record<string, string | null>,
      remoteWrite: string,
      labels: Record<string, string>,
    ) => {
      const targetsDir = join(agentDir, "targets");
      mkdirSync(targetsDir, { recursive: true });
      writeFileSdTargets(targetsDir, "trainers", []);
      const configFile = join(agentDir, "prometheus-agent.yml");
      writeFileSync(
        configFile,
        renderAgentConfig(prometheusYml, {
          services: { ...services, prometheus: `${where.address}:${port}` },
          targetsDir,
          remoteWriteUrl: `http://${remoteWrite}/api/v1/receive`,
          externalLabels: labels,
        }),
      );
      keep(
        name,
        await startPrometheus({
          configFile,
          dir: agentDir,
          host,
          port,
          agent: true,
          netns: where,
          detached: options.detached,
        }),
        where.name,
        "--agent",
      );
      return targetsDir;
    };
    await startAgent(
      "agent-store",
      network.store,
      join(storeDir, "agent"),
      store.host,
      clusterPorts.storeAgent,
      { pushgateway: local(clusterPorts.pushgateway), "gpu-collector": null },
      local(router.remoteWrite),
      { node: "store" },
    );
    // The viewer runs on this machine's loopback (it asks for credentials anywhere else).
    keep(
      "dashboards",
      await startViewerProcess({
        host: "127.0.0.1",
        prometheusUrl: query.url,
        scrapeInterval: "1s",
        logFile: join(storeDir, "dashboards.log"),
        detached: options.detached,
      }),
      undefined,
      "dashboards",
    );

    for (const node of network.nodes) {
      const nodeDir = join(dir, "nodes", node.node);
      mkdirSync(nodeDir, { recursive: true });
      const gpu =
        options.gpu.kind === "none"
          ? undefined
          : await startGpuCollectorProcess({
              source: options.gpu,
              host: node.address,
              port: clusterPorts.node.gpuCollector,
              netns: node,
              logFile: join(nodeDir, "gpu-collector.log"),
              detached: options.detached,
            });
      if (gpu) keep(`gpuCollector-${node.node}`, gpu.service, node.name, "gpu-collector");
      const targetsDir = await startAgent(
        `agent-${node.node}`,
        node,
        nodeDir,
        node.address,
        clusterPorts.node.agent,
        {
          pushgateway: null,
          "gpu-collector": gpu ? `${node.address}:${clusterPorts.node.gpuCollector}` : null,
        },
        `${node.storeAddress}:${router.remoteWrite}`,
        { node: node.node },
      );
      const mine = options.trainers.filter((_, i) => nodeOfWorker(i, options.nodes) === node.node);
      for (const [k, { args, ...spec }] of mine.entries()) {
        const logFile = join(nodeDir, `trainer-${spec.job}-${spec.task}.log`);
        const handle = await startTrainerProcess({
          ...spec,
          host: node.address,
          port: clusterPorts.node.firstTrainer + k,
          netns: node,
          pushgatewayUrl: `http://${node.storeAddress}:${clusterPorts.pushgateway}`,
          spoolDir: join(nodeDir, "spool"),
          checkpointDir: join(nodeDir, "checkpoints", spec.job, spec.task),
          args: args ?? options.trainerArgs,
          env: { TRAINWATCH_CONTROL_TOKEN: secrets.control },
          logFile,
          echo: options.echo,
          detached: options.detached,
        });
        trainerHandles.push(handle);
        state.trainers.push({
          ...service(handle, node.name, "trainer"),
          ...spec,
          node: node.node,
          logFile,
        });
      }
      writeFileSdTargets(targetsDir, "trainers", [
        { targets: mine.map((_, k) => `${node.address}:${clusterPorts.node.firstTrainer + k}`) },
      ]);
      writeClusterState(state);
    }
    await waitForTrainersStored(query.url, state.trainers.length);
    logger.info(
      `Dashboards ${state.services.dashboards?.url}, query ${query.url}, ${network.nodes.length} nodes, ${state.trainers.length} trainers`,
    );
    return { state, network, trainers: trainerHandles, stop, [Symbol.asyncDispose]: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function service(handle: ServiceHandle, netns: string | undefined, match: string): ClusterService {
  return {
    url: handle.url,
    pid: handle.pid,
    ...(netns && { netns }),
    match,
    ...(handle.binary && { binary: handle.binary }),
  };
}

/** Waits until every trainer's `up` has travelled agent → router → receivers → Query. */
async function waitForTrainersStored(queryUrl: string, count: number): Promise<void> {
  if (count === 0) return;
  await waitFor(
    async () => {
      const response = await fetch(
        `${queryUrl}/api/v1/query?${new URLSearchParams({ query: 'count(up{job="trainers"})' })}`,
      );
      const body = (await response.json()) as { data?: { result?: { value: [number, string] }[] } };
      return Number(body.data?.result?.[0]?.value[1] ?? 0) >= count;
    },
    {
      what: `every one of the ${count} trainers to be scraped by its node's agent and queryable through Thanos Query`,
      timeoutMs: 60_000,
      intervalMs: 250,
    },
  );
}
