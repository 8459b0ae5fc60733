import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { TrainwatchError } from "@trainwatch/cli-kit";
import { repoRoot, type UpstreamComponent, upstreamComponents } from "./upstream-components.js";

/** The version .env pins for each component, e.g. `{ prometheus: "3.13.5", … }`. */
export type UpstreamPins = Readonly<Record<UpstreamComponent, string>>;

/** The compose file's defaults, where every version is pinned once. */
export const composeEnvFile = join(repoRoot, ".env");

const releaseTag = /^v?(\d+\.\d+\.\d+)$/;

/**
 * Reads the pinned versions from the image tags in .env (`PROMETHEUS_IMAGE=prom/prometheus:v3.13.5`
 * pins 3.13.5), so compose and the native stack run the same releases.
 *
 * @throws TrainwatchError("usage") naming every variable without a release tag.
 */
export function readUpstreamPins(envFile = composeEnvFile): UpstreamPins {
  const values = parseEnv(readFileSync(envFile, "utf8"));
  const problems: string[] = [];
  const pins = Object.fromEntries(
    Object.values(upstreamComponents).map(({ component, imageVariable, image: upstream }) => {
      const image = values[imageVariable] ?? "";
      const version = releaseTag.exec(image.slice(image.lastIndexOf(":") + 1))?.[1];
      if (!version)
        problems.push(
          `${imageVariable}=${JSON.stringify(image)} has no release tag: pin one, e.g. ${upstream}:v1.2.3`,
        );
      return [component, version ?? ""];
    }),
  ) as Record<UpstreamComponent, string>;
  if (problems.length > 0) throw new TrainwatchError("usage", `${envFile}: ${problems.join("; ")}`);
  return pins;
}
