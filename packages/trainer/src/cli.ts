#!/usr/bin/env node
import { createLogger, runMain } from "@trainwatch/cli-kit";
import { Command, Option } from "commander";
import { backendNames } from "./select-backend.js";
import { startTrainer } from "./start-trainer.js";
import { trainerDefaults as d, parseTrainerConfig, type TrainerFlags } from "./trainer-config.js";

const program = new Command("trainwatch-trainer")
  .description(
    "Train a digit classifier on MNIST with TensorFlow.js and expose its metrics to Prometheus.",
  )
  .option("--job <name>", "training job name, the `job` label", d.job)
  .option("--task <name>", "worker name, the `task` label", d.task)
  .option("--run-id <id>", "run identifier in training_info (default: random)")
  .option("--epochs <n>", "epochs to train", d.epochs)
  .option("--batch-size <n>", "examples per step", d.batchSize)
  .option("--learning-rate <rate>", "optimizer learning rate", d.learningRate)
  .addOption(
    new Option("--model <kind>", "model architecture").choices(["mlp", "cnn"]).default(d.model),
  )
  .addOption(
    new Option("--optimizer <name>", "optimizer").choices(["adam", "sgd"]).default(d.optimizer),
  )
  .option("--train-size <n>", "training digits", d.trainSize)
  .option("--validation-size <n>", "validation digits", d.validationSize)
  .option("--seed <n>", "seed for the data split and weights", d.seed)
  .addOption(
    new Option("--backend <name>", "tfjs backend; auto takes the fastest that loads")
      .choices(["auto", ...backendNames])
      .default(d.backend),
  )
  .option("--metrics-host <address>", "address /metrics listens on", d.metricsHost)
  .option("--metrics-port <port>", "port /metrics listens on; 0 picks a free one", d.metricsPort)
  .option(
    "--pushgateway-url <url>",
    "Pushgateway to push the final state to (e.g. http://127.0.0.1:9091)",
  )
  .option(
    "--push-interval <seconds>",
    "also push every N seconds, for runs too short to scrape; 0: final push only",
    d.pushInterval,
  )
  .option("--report <mode>", "how often loss is reported: step, steps:N or epoch", d.report)
  .option(
    "--smoothing <weight>",
    "TensorBoard-style smoothing of training_loss_smoothed, 0 to <1",
    d.smoothing,
  )
  .addOption(
    new Option("--progress <mode>", "progress display; auto: a bar on a TTY, lines otherwise")
      .choices(["auto", "bar", "lines", "none"])
      .default(d.progress),
  )
  .option("--linger <seconds>", "keep serving /metrics this long after training ends", d.linger)
  .addHelpText(
    "after",
    `
Environment:
  TRAINWATCH_METRICS_TOKEN            bearer token required on /metrics
  TRAINWATCH_METRICS_USER             basic-auth user required on /metrics, with
  TRAINWATCH_METRICS_PASSWORD_HASH    its bcrypt hash (htpasswd -nbBC 10 user pass)
  TRAINWATCH_CONTROL_TOKEN            bearer token for POST /control/stop (unset: disabled)

SIGINT or SIGTERM stops after the current batch, pushes the final state and exits 0.`,
  )
  .exitOverride()
  .showHelpAfterError("(run with --help for every option)");

await runMain("trainwatch-trainer", async () => {
  program.parse();
  const config = parseTrainerConfig(program.opts<TrainerFlags>(), process.env);
  const progress =
    config.progress === "auto" ? (process.stderr.isTTY ? "bar" : "lines") : config.progress;
  const logger = createLogger(`trainer ${config.job}/${config.task}`);
  const trainer = await startTrainer(config, { logger, progress });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn(`second ${signal}: exiting without waiting for the final push`);
      process.exit(130);
    }
    trainer.stop(signal);
  };
  process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
  const result = await trainer.done;
  const push =
    result.finalPushAccepted === undefined
      ? "no Pushgateway"
      : result.finalPushAccepted
        ? "final state pushed"
        : "final push FAILED";
  logger.info(
    `${result.state}${result.stopReason ? ` (${result.stopReason})` : ""} on ${result.backend}: ${result.steps} steps, ${result.examples} examples, ${Math.round(result.examplesPerSecond)} examples/s; ${push}`,
  );
  return result.state === "failed" ? 1 : 0;
});
