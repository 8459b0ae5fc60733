import { Command, Option } from "commander";
import { backendNames } from "./select-backend.js";
import { trainerDefaults as d } from "./trainer-config.js";

/**
 * Creates the trainer's command-line program (flags with help and defaults). Parsing with it
 * has no side effects, so the stack can check flags it passes to trainers before starting any.
 */
export function createTrainerProgram(): Command {
  return new Command("trainwatch-trainer")
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
    .option(
      "--min-step-seconds <seconds>",
      "hold every step at least this long, sleeping (a demo's pace: a small model's runs last minutes; throughput then shows the pace)",
    )
    .option(
      "--checkpoint-dir <dir>",
      "write a checkpoint (model.json and weights) into this folder after every epoch; one folder per worker",
    )
    .option(
      "--early-stop-patience <epochs>",
      "ask to be stopped after N epochs without a better validation loss (the monitoring stack decides and stops)",
    )
    .addOption(
      new Option("--backend <name>", "tfjs backend; auto takes the fastest that loads")
        .choices(["auto", ...backendNames])
        .default(d.backend),
    )
    .option("--metrics-host <address>", "address /metrics listens on", d.metricsHost)
    .option("--metrics-port <port>", "port /metrics listens on; 0 picks a free one", d.metricsPort)
    .option(
      "--control-port <port>",
      "serve POST /control/stop on this port alone (default: beside /metrics), e.g. for a network policy",
    )
    .option(
      "--web.config.file <file>",
      "serve /metrics and the control port as this web.yml says (exporter-toolkit's format: TLS, client certificates, basic auth users, headers)",
    )
    .option(
      "--pushgateway-url <url>",
      "Pushgateway to push the final state to (e.g. http://127.0.0.1:9091)",
    )
    .option(
      "--push-interval <seconds>",
      "also push every N seconds, for runs too short to scrape; 0: final push only",
      d.pushInterval,
    )
    .option(
      "--otlp-endpoint <url>",
      "also push every metric with OpenTelemetry's protocol (OTLP/HTTP) to this endpoint, e.g. Prometheus' http://127.0.0.1:9090/api/v1/otlp/v1/metrics, for a run no Prometheus can scrape",
    )
    .option("--otlp-interval <seconds>", "how often the OTLP push runs", d.otlpInterval)
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
    .option(
      "--gpu <source>",
      "also export GPU metrics on this /metrics: none, auto, nvml, nvidia-smi or replay:FILE",
      d.gpu,
    )
    .option(
      "--fault-stall-after <steps>",
      "fault injection: stop making progress after N steps (demos, tests)",
    )
    .option(
      "--fault-nan-after <steps>",
      "fault injection: make the loss NaN after N steps (demos, tests)",
    )
    .option(
      "--fault-diverge-after <steps>",
      "fault injection: raise the learning rate ×1000 after N steps (demos, tests)",
    )
    .option(
      "--fault-slow-batch <seconds>",
      "fault injection: keep the training thread busy this long in every batch (demos, tests)",
    )
    .option(
      "--fault-slow-after <steps>",
      "fault injection: from step N on, every batch takes --fault-slow-factor times as long (a straggler)",
    )
    .option(
      "--fault-slow-input <seconds>",
      "fault injection: wait this long for every batch's input, as a slow data loader would (demos, tests)",
    )
    .option(
      "--fault-loss-spike-after <steps>",
      "fault injection: from step N on, shuffle every batch's labels for --fault-loss-spike-seconds, so the loss spikes and recovers (demos, tests)",
    )
    .option(
      "--fault-loss-spike-seconds <seconds>",
      "how long --fault-loss-spike-after's bad batches last",
      d.faultLossSpikeSeconds,
    )
    .option(
      "--fault-follow-gpu <url>",
      "fault injection: while the GPU collector at URL reports a thermal slowdown, every batch takes --fault-slow-factor times as long (demos: a throttled GPU's effect on throughput)",
    )
    .option(
      "--fault-slow-factor <factor>",
      "how much slower --fault-slow-after and --fault-follow-gpu make a batch",
      d.faultSlowFactor,
    )
    .option(
      "--norm-every <steps>",
      "measure training_weight_norm and training_update_norm (the weights' change) every N steps; 0: never",
      d.normEvery,
    )
    .option(
      "--linger <seconds>",
      "after training ends, serve /metrics until a scrape read the final state, this long at most; 0: exit at once",
      d.linger,
    )
    .option(
      "--spool-dir <dir>",
      "where a final push that still fails after its retries is kept, for `trainwatch flush`",
      d.spoolDir,
    )
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
}
