import { join } from "node:path";
import { createLogger } from "@trainwatch/cli-kit";
import { type Command, InvalidArgumentError } from "commander";
import { formatClusterBanner } from "../cluster/cluster-banner.js";
import { assertCanMakeNamespaces } from "../cluster/cluster-network.js";
import { startClusterStack } from "../cluster/start-cluster-stack.js";
import { holdUntilStopped } from "../local/hold-until-stopped.js";
import { readTrainerFlags } from "../local/read-trainer-flags.js";
import { formatStackBanner } from "../local/stack-banner.js";
import { startStack } from "../local/start-stack.js";
import { removeClusterState } from "../run-dir/cluster-state.js";
import { defaultConfigDir, defaultRunDir } from "../run-dir/stack-paths.js";
import { removeStackState } from "../run-dir/stack-state.js";
import { prepareServiceBinaries, stackComponents } from "../services/service-binaries.js";
import { parseUpConfig, type UpFlags } from "./up-config.js";

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
      "--cost-config <file>",
      "prices per GPU-hour and the grid's grams CO2e per kWh, for cost and carbon per run",
      join(defaultConfigDir, "cost.yml"),
    )
    .option(
      "--fault-task <task>",
      "give the --fault-* trainer flags to this worker only (default: all)",
    )
    .option(
      "--nodes <n>",
      "run distributed: N training nodes, each in its own network namespace, remote-writing to a replicated Thanos store (needs root and iproute2)",
    )
    .option(
      "--tls",
      "HTTPS everywhere: a local CA in <dir>/tls signs every server's certificate; scrapes, alerts and stops use client certificates",
      false,
    )
    .option(
      "--otlp",
      "trainers push with OpenTelemetry's protocol (OTLP) to Prometheus' OTLP receiver every second instead of being scraped (Prometheus 3)",
      false,
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
          console.log(formatClusterBanner(cluster.state));
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
