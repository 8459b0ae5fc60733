import { createLogger, type Logger } from "@trainwatch/cli-kit";
import type { ServiceHandle } from "@trainwatch/native-services";
import { type Command, InvalidArgumentError } from "commander";
import { assertCanMakeNamespaces } from "../cluster/cluster-network.js";
import { type ClusterState, removeClusterState } from "../cluster/cluster-state.js";
import { startClusterStack } from "../cluster/start-cluster-stack.js";
import { readTrainerFlags } from "../local/read-trainer-flags.js";
import { formatStackBanner } from "../local/stack-banner.js";
import { removeStackState } from "../local/stack-state.js";
import { startStack } from "../local/start-stack.js";
import { defaultConfigDir, defaultRunDir } from "../run-dir/stack-paths.js";
import { prepareServiceBinaries, stackComponents } from "../services/service-binaries.js";
import { overviewPath } from "./dashboards.js";
import { parseUpConfig, type UpFlags } from "./up-config.js";

function printCluster(state: ClusterState): void {
  const job = state.trainers[0]?.job ?? "All";
  const { services } = state;
  const storage = Object.keys(services).filter((name) => name.startsWith("storage-"));
  const alertmanagers = Object.entries(services).filter(([name]) =>
    name.startsWith("alertmanager-"),
  );
  console.log(`
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
`);
}

/** `trainwatch up`: the native stack, in the foreground until Ctrl-C, or detached. */
export function registerUpCommand(program: Command): void {
  program
    .command("up")
    .description(
      "start Prometheus, Alertmanager, the Pushgateway, the dashboard viewer and training workers on loopback",
    )
    .argument(
      "[trainer-flags...]",
      "flags for every trainer, after -- (e.g. -- --epochs 3 --model cnn)",
    )
    .option("--dir <path>", "run directory: rendered configs, data, logs, state", defaultRunDir)
    .option("--host <address>", "loopback address everything listens on", "127.0.0.1")
    .option("--prometheus-port <port>", "Prometheus port (default: a free one)")
    .option("--pushgateway-port <port>", "Pushgateway port (default: a free one)")
    .option("--alertmanager-port <port>", "Alertmanager port (default: a free one)")
    .option("--dashboard-port <port>", "dashboard viewer port (default: a free one)")
    .option(
      "--demo",
      "the demo: workers train run after run, one over-fits and one stalls (injected) until their alerts stop them, while the replayed GPU throttles; alerts timed fast",
      false,
    )
    .option(
      "--alert-timing <timing>",
      "production: the committed rules; fast: the same rules timed in seconds (tests, demos) [default: production, fast with --demo]",
    )
    .option("--job <name>", "training job the workers belong to", "mnist_mlp")
    .option("--workers <n>", "training workers to start", "2")
    .option(
      "--learning-rates <list>",
      "comma-separated learning rates, given to the workers in turn",
      "0.001,0.01",
    )
    .option(
      "--epochs <n>",
      "epochs each worker trains",
      (value) => {
        if (!/^[1-9][0-9]*$/.test(value))
          throw new InvalidArgumentError("expected a whole number ≥ 1");
        return value;
      },
      "60",
    )
    .option(
      "--gpu <source>",
      "GPU collector source: auto (the GPU, else a recorded trace), nvml, nvidia-smi, replay:FILE or none",
      "auto",
    )
    .option(
      "--fault-task <task>",
      "give the --fault-* trainer flags to this worker only (default: all)",
    )
    .option(
      "--nodes <n>",
      "run distributed: N training nodes, each in its own network namespace, remote-writing to a replicated Thanos store (needs root and iproute2)",
    )
    .option("--detach", "return once everything is ready, leaving it running", false)
    .action(
      async (trainerFlags: string[], flags: Omit<UpFlags, "trainerArgs"> & { epochs: string }) => {
        const trainerArgs = ["--epochs", flags.epochs, ...trainerFlags];
        readTrainerFlags(trainerArgs);
        const config = parseUpConfig({ ...flags, trainerArgs });
        const logger = createLogger("trainwatch");
        if (config.nodes !== undefined) await assertCanMakeNamespaces();
        const binaries = await prepareServiceBinaries(logger, {
          components: stackComponents[config.nodes === undefined ? "single" : "cluster"],
          // One machine can start on the system's binaries while the pinned ones build.
          background: config.nodes === undefined,
        });
        if (config.nodes !== undefined) {
          const cluster = await startClusterStack({
            ...config,
            nodes: config.nodes,
            configDir: defaultConfigDir,
            echo: !config.detach,
            detached: config.detach,
            logger,
          });
          printCluster(cluster.state);
          if (await holdUntilStopped(config.detach, logger, cluster))
            removeClusterState(config.dir);
          return;
        }
        const stack = await startStack({
          ...config,
          configDir: defaultConfigDir,
          // The demo's banner stays in view: its trainers write to their log files only.
          echo: !config.detach && !config.demo,
          detached: config.detach,
          logger,
        });
        console.log(formatStackBanner(stack.state, { demo: config.demo, binaries }));
        if (await holdUntilStopped(config.detach, logger, stack)) removeStackState(config.dir);
      },
    );
}

/**
 * Detached: says how to reach and stop the stack and returns false. Otherwise runs it until
 * Ctrl-C, then stops it (trainers first) and returns true.
 */
async function holdUntilStopped(
  detach: boolean,
  logger: Logger,
  stack: { readonly trainers: readonly ServiceHandle[]; stop(): Promise<void> },
): Promise<boolean> {
  if (detach) {
    console.log("Detached. `trainwatch status` shows it, `trainwatch down` stops it.");
    return false;
  }
  // A closed terminal or pipe must not end the orderly stop below: output is best effort.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
  for (const trainer of stack.trainers) {
    void trainer.exited.then((code) => logger.info(`${trainer.name} exited (${code ?? "signal"})`));
  }
  console.log("Ctrl-C stops everything (trainers first, so their final state is pushed).");
  await new Promise((resolve) => process.once("SIGINT", resolve).once("SIGTERM", resolve));
  logger.info("stopping: trainers first (each pushes its final state), then the services");
  await stack.stop();
  logger.info("stopped; nothing left running");
  return true;
}
