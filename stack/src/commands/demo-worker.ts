import { createLogger, describeFlag, parseInput } from "@trainwatch/cli-kit";
import type { Command } from "commander";
import { z } from "zod";
import { demoRoles, roleOfTask } from "../demo/demo-plan.js";
import { runDemoWorker } from "../demo/run-demo-worker.js";
import { readTrainerFlags } from "../local/read-trainer-flags.js";
import { trainerCli } from "../services/start-trainer-process.js";

const flagsSchema = z.object({
  role: z.enum(demoRoles).optional(),
  gpuCollectorUrl: z
    .url({ protocol: /^https?$/, error: "expected the http(s) URL of a GPU collector" })
    .optional(),
});

/** `trainwatch demo-worker`: one worker of the demo, its runs one after another. */
export function registerDemoWorkerCommand(program: Command): void {
  program
    .command("demo-worker")
    .description(
      "run one demo worker's trainer runs one after another until stopped (steady: full runs; troubled: over-fits, then stalls, in turn); `up --demo` and the compose demo run two",
    )
    .argument("[trainer-flags...]", "flags every run gets, after -- (job, task, ports…)")
    .option(
      "--role <role>",
      "steady or troubled (default: from the trainer's --task: worker-1, worker-3… troubled)",
    )
    .option(
      "--gpu-collector-url <url>",
      "slow every batch while this GPU collector reports a thermal slowdown (injected)",
    )
    .action(async (trainerArgs: string[], flags: z.input<typeof flagsSchema>) => {
      const { role, gpuCollectorUrl } = parseInput(flagsSchema, flags, describeFlag);
      const { task } = readTrainerFlags(trainerArgs);
      const logger = createLogger("demo-worker");
      const controller = new AbortController();
      for (const signal of ["SIGINT", "SIGTERM"] as const)
        process.once(signal, () => controller.abort());
      const runs = await runDemoWorker({
        role: role ?? roleOfTask(task),
        trainerCli,
        trainerArgs,
        gpuCollectorUrl,
        logger,
        signal: controller.signal,
      });
      logger.info(`stopped after ${runs} runs`);
    });
}
