import { TrainwatchError } from "@trainwatch/cli-kit";
import { versionWithOrigin } from "@trainwatch/native-services";
import type { Command } from "commander";
import { type ClusterState, readClusterState } from "../run-dir/cluster-state.js";
import { defaultRunDir } from "../run-dir/stack-paths.js";
import { readStackState } from "../run-dir/stack-state.js";
import { isOwnProcess } from "../services/is-own-process.js";

/** `trainwatch status`: the services and trainers of a running stack, with their URLs. */
export function registerStatusCommand(program: Command): void {
  program
    .command("status")
    .description("show the running stack's services and trainers with their URLs")
    .option("--dir <path>", "run directory of the stack", defaultRunDir)
    .option(
      "--json",
      "print JSON: {services: {dashboards: {url}, prometheus: {url, binary: {version, origin, path}}, …}, trainers: [...]}",
      false,
    )
    .action(({ dir, json }: { dir: string; json: boolean }) => {
      const cluster = readClusterState(dir);
      if (cluster) {
        printClusterStatus(cluster, json);
        return;
      }
      const state = readStackState(dir);
      if (!state)
        throw new TrainwatchError(
          "no_stack",
          `no stack runs in ${dir}: start one with \`trainwatch up\``,
        );
      const needles: Record<string, string> = {
        dashboards: "dashboards",
        prometheus: "prometheus",
        pushgateway: "pushgateway",
        alertmanager: "alertmanager",
        alertReceiver: "alert-receiver",
        gpuCollector: "gpu-collector",
      };
      const services = Object.fromEntries(
        Object.entries(state.services).map(([name, s]) => [
          name,
          { ...s, running: isOwnProcess(s.pid, needles[name] ?? name) },
        ]),
      );
      const trainers = state.trainers.map((t) => ({
        ...t,
        running: isOwnProcess(t.pid, t.match),
      }));
      if (json) {
        console.log(
          JSON.stringify(
            { services, trainers, dir: state.dir, startedAt: state.startedAt },
            null,
            2,
          ),
        );
        return;
      }
      for (const [name, s] of Object.entries(services)) {
        const binary = "binary" in s && s.binary ? `  ${versionWithOrigin(s.binary)}` : "";
        // Prometheus' HTTP API is for tools (built from its Go module it has no web UI).
        const where = name === "prometheus" ? `${new URL(s.url).host} (HTTP API)` : s.url;
        console.log(
          `${(needles[name] ?? name).padEnd(14)} ${s.running ? "running" : "stopped"}  ${where}${binary}`,
        );
      }
      for (const t of trainers) {
        console.log(
          `${`${t.job}/${t.task}`.padEnd(20)} ${t.running ? "running" : "finished"}  ${t.url}/metrics  log: ${t.logFile}`,
        );
      }
    });
}

/**
 * A distributed stack's services (the query endpoint as `query`, the storage nodes as
 * `storage-*`) and trainers, each with its node, namespace, URL and pid.
 */
function printClusterStatus(state: ClusterState, json: boolean): void {
  const services = Object.fromEntries(
    Object.entries(state.services).map(([name, s]) => [
      name,
      { ...s, running: isOwnProcess(s.pid, s.match) },
    ]),
  );
  const trainers = state.trainers.map((t) => ({ ...t, running: isOwnProcess(t.pid, t.match) }));
  if (json) {
    console.log(
      JSON.stringify(
        {
          services,
          trainers,
          nodes: state.network.nodes,
          dir: state.dir,
          startedAt: state.startedAt,
        },
        null,
        2,
      ),
    );
    return;
  }
  for (const [name, s] of Object.entries(services)) {
    const binary = s.binary ? `  ${versionWithOrigin(s.binary)}` : "";
    console.log(
      `${name.padEnd(18)} ${s.running ? "running" : "stopped"}  ${s.url}  ${s.netns ?? "(this machine)"}${binary}`,
    );
  }
  for (const t of trainers) {
    console.log(
      `${`${t.job}/${t.task}`.padEnd(20)} ${t.running ? "running" : "finished"}  ${t.node}  ${t.url}/metrics  log: ${t.logFile}`,
    );
  }
}
