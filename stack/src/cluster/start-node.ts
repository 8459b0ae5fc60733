import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ServiceHandle } from "@trainwatch/native-services";
import { writeClusterState } from "../run-dir/cluster-state.js";
import { startGpuCollectorProcess } from "../services/start-gpu-collector-process.js";
import { startTrainers } from "../services/start-trainers.js";
import type { ClusterContext } from "./cluster-context.js";
import type { ClusterNode } from "./cluster-network.js";
import { clusterPorts, nodeOfWorker } from "./cluster-ports.js";
import { startAgent } from "./start-agent.js";

/**
 * Starts one training node in its namespace: a GPU collector (unless `gpu` is none), a Prometheus
 * agent remote-writing to the store, and the workers placed on this node, which the agent then
 * discovers. Resolves with the workers.
 */
export async function startNode(
  context: ClusterContext,
  node: ClusterNode,
): Promise<ServiceHandle[]> {
  const { options, secrets, keep } = context;
  const trainers: ServiceHandle[] = [];
  const nodeDir = join(options.dir, "nodes", node.node);
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
          costConfig: options.costConfig ?? join(options.configDir, "cost.yml"),
        });
  if (gpu) keep(`gpuCollector-${node.node}`, gpu.service, node.name, "gpu-collector");
  const targetsDir = await startAgent(context, {
    name: `agent-${node.node}`,
    where: node,
    dir: nodeDir,
    host: node.address,
    port: clusterPorts.node.agent,
    services: {
      pushgateway: null,
      "gpu-collector": gpu ? `${node.address}:${clusterPorts.node.gpuCollector}` : null,
    },
    remoteWrite: `${node.storeAddress}:${clusterPorts.router.remoteWrite}`,
    labels: { node: node.node },
  });
  const mine = options.trainers.filter((_, i) => nodeOfWorker(i, options.nodes) === node.node);
  const started = await startTrainers({
    dir: nodeDir,
    host: node.address,
    netns: node,
    firstPort: clusterPorts.node.firstTrainer,
    specs: mine,
    trainerArgs: options.trainerArgs,
    pushgatewayUrl: `http://${node.storeAddress}:${clusterPorts.pushgateway}`,
    controlToken: secrets.control,
    targetsDir,
    echo: options.echo,
    detached: options.detached,
    started: (handle) => trainers.push(handle),
  });
  for (const trainer of started)
    context.state.trainers.push({
      ...trainer,
      netns: node.name,
      match: "trainer",
      node: node.node,
    });
  writeClusterState(context.state);
  return trainers;
}
