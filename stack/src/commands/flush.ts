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
