import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promtoolBinary, testedBinaries } from "@trainwatch/native-services";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const configFile = fileURLToPath(new URL("../prometheus.yml", import.meta.url));
const promtools = await testedBinaries(promtoolBinary);

describe("prometheus.yml", () => {
  it.each(promtools)(
    "passes promtool check config as committed (the container stack's form) on $label",
    async ({ path }) => {
      const result = await execa(path, ["check", "config", configFile], {
        reject: false,
        all: true,
      });
      // A warning that /etc/prometheus/targets does not exist here is expected: it is the container's path.
      expect(result.all).toContain(
        ` SUCCESS: ${configFile} is valid prometheus config file syntax`,
      );
      expect(result.exitCode).toBe(0);
    },
  );

  it("scrapes trainers with honor_labels, so their job and task labels survive", () => {
    const text = readFileSync(configFile, "utf8");
    expect(text).toMatch(/- job_name: trainers\n(?:\s+.*\n)*?\s+honor_labels: true/);
  });
});
