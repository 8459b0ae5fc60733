import type { ClusterState } from "../run-dir/cluster-state.js";
import { overviewPath } from "../services/overview-path.js";

/** The banner `trainwatch up --nodes N` prints once the distributed stack is up. */
export function formatClusterBanner(state: ClusterState): string {
  const job = state.trainers[0]?.job ?? "All";
  const { services } = state;
  const storage = Object.keys(services).filter((name) => name.startsWith("storage-"));
  const alertmanagers = Object.entries(services).filter(([name]) =>
    name.startsWith("alertmanager-"),
  );
  return `
trainwatch is up on ${state.network.nodes.length} nodes (run directory ${state.dir})
  Dashboards     ${services.dashboards ? `${services.dashboards.url}${overviewPath(job)}` : "off"}
  Query          ${services.query?.url}  (Thanos Query over ${storage.join(" and ")}, replicated twice)
  Remote write   ${services.router?.url.replace(/:\d+$/, ":19291")}/api/v1/receive  (Thanos receive, routing)
  Rules          ${services.rule?.url}  (Thanos Rule, alerts timed for ${state.alertTiming})
  Alertmanager   ${alertmanagers.map(([, s]) => s.url).join(", ")}  (a gossiping cluster)
  Pushgateway    ${services.pushgateway?.url}
  Early stop     ${services.alertReceiver?.url}/alerts
${state.network.nodes
  .map(
    (node) =>
      `  ${node.node.padEnd(14)} ${node.address}  (namespace ${node.name}): ${state.trainers
        .filter((t) => t.node === node.node)
        .map((t) => t.task)
        .join(", ")}`,
  )
  .join("\n")}
`;
}
