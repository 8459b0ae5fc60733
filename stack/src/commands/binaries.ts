import { createLogger, describeFlag, parseInput, TrainwatchError } from "@trainwatch/cli-kit";
import {
  binaryOriginWords,
  readUpstreamPins,
  type UpstreamComponent,
  upstreamComponents,
} from "@trainwatch/native-services";
import type { Command } from "commander";
import { z } from "zod";
import { prepareServiceBinaries, readServiceBinaries } from "../services/service-binaries.js";

const componentNames = Object.keys(upstreamComponents) as [
  UpstreamComponent,
  ...UpstreamComponent[],
];
const flagsSchema = z.object({
  build: z.boolean(),
  json: z.boolean(),
  only: z
    .string()
    .transform((text) => text.split(",").map((name) => name.trim()))
    .pipe(z.array(z.enum(componentNames)).min(1))
    .optional(),
});

/** `trainwatch binaries`: which Prometheus, Alertmanager and Pushgateway run, and building them. */
export function registerBinariesCommand(program: Command): void {
  program
    .command("binaries")
    .description(
      "show which Prometheus, Alertmanager and Pushgateway binaries run, with their versions; --build builds the releases .env pins",
    )
    .option(
      "--build",
      "first build the pinned releases that are missing, from their Go modules (needs Go)",
      false,
    )
    .option(
      "--only <components>",
      `only these (build them, show them), comma-separated: ${Object.keys(upstreamComponents).join(", ")}`,
    )
    .option("--json", "print JSON: [{tool, version, origin, path} or {tool, missing}]", false)
    .action(async (flags: { build: boolean; json: boolean; only?: string }) => {
      const { build, json, only } = parseInput(flagsSchema, flags, describeFlag);
      if (build) await prepareServiceBinaries(createLogger("binaries"), { components: only });
      const binaries = await readServiceBinaries(only);
      if (json) {
        console.log(JSON.stringify(binaries, null, 2));
      } else {
        const pins = readUpstreamPins();
        console.log(
          `pinned in .env: ${Object.values(upstreamComponents)
            .map((c) => `${c.title} ${pins[c.component]}`)
            .join(", ")}`,
        );
        for (const b of binaries)
          console.log(
            "missing" in b
              ? `${b.tool.padEnd(13)} MISSING  ${b.missing}`
              : `${b.tool.padEnd(13)} ${b.version.padEnd(10)} ${binaryOriginWords[b.origin].padEnd(15)} ${b.path}`,
          );
      }
      const missing = binaries.filter((b) => "missing" in b);
      if (missing.length > 0)
        throw new TrainwatchError(
          "missing_binary",
          `${missing.map((b) => b.tool).join(", ")} missing (see above)`,
        );
    });
}
