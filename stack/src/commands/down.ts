import { TrainwatchError } from "@trainwatch/cli-kit";
import type { Command } from "commander";
import { stopClusterStack } from "../cluster/stop-cluster-stack.js";
import { stopStack } from "../local/stop-stack.js";
import { readClusterState, removeClusterState } from "../run-dir/cluster-state.js";
import { defaultRunDir } from "../run-dir/stack-paths.js";
import { readStackState, removeStackState } from "../run-dir/stack-state.js";

/** `trainwatch down`: stops a detached stack, trainers first. */
export function registerDownCommand(program: Command): void {
  program
    .command("down")
    .description(
      "stop a stack started with `up --detach` (trainers first, so their final state is pushed)",
    )
    .option("--dir <path>", "run directory of the stack", defaultRunDir)
    .action(async ({ dir }: { dir: string }) => {
      const cluster = readClusterState(dir);
      if (cluster) {
        await stopClusterStack(cluster);
        removeClusterState(dir);
        console.log(
          `stopped ${cluster.trainers.length} trainers and ${Object.keys(cluster.services).length} services; removed ${cluster.network.namespaces.length} network namespaces and their links`,
        );
        return;
      }
      const state = readStackState(dir);
      if (!state) {
        console.log(`no stack runs in ${dir}; nothing to stop`);
        return;
      }
      const left = await stopStack(state);
      if (left.length > 0) {
        throw new TrainwatchError(
          "not_ready",
          `processes ${left.join(", ")} did not stop; kill them with \`kill -9 ${left.join(" ")}\``,
        );
      }
      removeStackState(dir);
      const services = Object.keys(state.services).length;
      console.log(`stopped ${state.trainers.length} trainers and ${services} services`);
    });
}
