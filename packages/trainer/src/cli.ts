#!/usr/bin/env node
import { createLogger, runMain } from "@trainwatch/cli-kit";
import { createTrainerProgram } from "./create-trainer-program.js";
import { startTrainer } from "./start-trainer.js";
import { parseTrainerConfig, type TrainerFlags } from "./trainer-config.js";

await runMain("trainwatch-trainer", async () => {
  const program = createTrainerProgram().parse();
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
        : result.spoolFile
          ? `final push FAILED; kept in ${result.spoolFile} for \`trainwatch flush\``
          : "final push FAILED";
  logger.info(
    `${result.state}${result.stopReason ? ` (${result.stopReason})` : ""} on ${result.backend}: ${result.steps} steps, ${result.examples} examples, ${Math.round(result.examplesPerSecond)} examples/s; ${push}`,
  );
  return result.state === "failed" ? 1 : 0;
});
