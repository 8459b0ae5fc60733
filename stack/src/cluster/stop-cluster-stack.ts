import { stopPid } from "@trainwatch/native-services";
import type { ClusterState } from "../run-dir/cluster-state.js";
import { isOwnProcess } from "../services/is-own-process.js";
import { removeClusterNetwork } from "./cluster-network.js";

/**
 * Stops a distributed stack from its state file: trainers first (each pushes its final state
 * while the store still runs), then the services, newest first (the agents before the store they
 * write to), then deletes the namespaces, which takes their links and anything left in them.
 */
export async function stopClusterStack(state: ClusterState): Promise<void> {
  const stopAll = (list: readonly { pid: number; match: string }[], graceMs: number) =>
    Promise.all(
      list
        .filter((p) => isOwnProcess(p.pid, p.match))
        .map((p) => stopPid(p.pid, { graceMs, what: p.match })),
    );
  await stopAll(state.trainers, 30_000);
  const services = Object.values(state.services).reverse();
  const agents = services.filter((s) => s.match === "--agent");
  await stopAll(agents, 10_000);
  await stopAll(
    services.filter((s) => !agents.includes(s)),
    10_000,
  );
  await removeClusterNetwork(state.network.namespaces);
}
