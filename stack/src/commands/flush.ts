import { existsSync } from "node:fs";
import { join } from "node:path";
import { createLogger, parseInput, TrainwatchError } from "@trainwatch/cli-kit";
import { flushSpool } from "@trainwatch/exporter";
import type { Command } from "commander";
import { z } from "zod";
import { defaultRunDir } from "../run-dir/stack-paths.js";

/** Where trainers of the native stack keep final pushes that failed. */
export const defaultSpoolDir: string = join(defaultRunDir, "spool");

const flagsSchema = z.object({
  dir: z.string().min(1, "expected a folder"),
  pushgatewayUrl: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional(),
});

/**
 * What `flush` says of a folder without a spooled push: where spooled pushes usually are, and
 * the `spool/` folder inside this one when it has one (a run directory given for its spool).
 */
function nothingSpooled(dir: string): string {
  const inside = join(dir, "spool");
  const hint = existsSync(inside)
    ? ` It has a spool folder: trainwatch flush --dir ${inside}`
    : ` Trainers spool into their --spool-dir (default .trainwatch/spool beside where they run); the native stack's trainers into ${defaultSpoolDir}.`;
  return `flush ${dir}: no spooled push found there (no *.json file), so nothing was delivered.${hint}`;
}

/** `trainwatch flush`: re-delivers the final pushes trainers spooled when the Pushgateway was away. */
export function registerFlushCommand(program: Command): void {
  program
    .command("flush")
    .description(
      "deliver spooled final states to the Pushgateway; each file is deleted only once accepted",
    )
    .option("--dir <path>", "spool folder the trainers wrote to (--spool-dir)", defaultSpoolDir)
    .option(
      "--pushgateway-url <url>",
      "deliver here instead of the Pushgateway each file was meant for",
    )
    .action(async (flags: { dir: string; pushgatewayUrl?: string }) => {
      const { dir, pushgatewayUrl } = parseInput(flagsSchema, flags);
      const report = await flushSpool({ dir, pushgatewayUrl, logger: createLogger("flush") });
      if (Object.values(report).every((files) => files.length === 0)) {
        console.log(nothingSpooled(dir));
        return;
      }
      console.log(
        `flush ${dir}: ${report.delivered.length} delivered, ${report.superseded.length} superseded by newer runs, ${report.unreadable.length} unreadable (moved aside), ${report.failed.length} kept for later`,
      );
      if (report.failed.length > 0) {
        throw new TrainwatchError(
          "unreachable",
          `${report.failed.length} spooled pushes could not be delivered; start the Pushgateway, then run \`trainwatch flush\` again`,
        );
      }
    });
}
