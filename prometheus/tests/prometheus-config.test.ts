import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promtoolBinary, testedBinaries, versionAtLeast } from "@trainwatch/native-services";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import {
  nativeHistogramsSince,
  withoutNativeHistogramSettings,
} from "../src/native-histogram-settings.js";

const configFile = fileURLToPath(new URL("../prometheus.yml", import.meta.url));
const promtools = await testedBinaries(promtoolBinary);

describe("prometheus.yml", () => {
  it.each(promtools)(
    "passes promtool check config as committed (the container stack's form) on $label, before 3.8 without its native-histogram settings",
    async ({ path, version }) => {
      // As the file says for an older Prometheus, and `trainwatch up` does.
      const file = versionAtLeast(version, nativeHistogramsSince)
        ? configFile
        : join(mkdtempSync(join(tmpdir(), "tw-promcfg-")), "prometheus.yml");
      if (file !== configFile)
        writeFileSync(file, withoutNativeHistogramSettings(readFileSync(configFile, "utf8")));
      const result = await execa(path, ["check", "config", file], {
        reject: false,
        all: true,
      });
      // A warning that /etc/prometheus/targets does not exist here is expected: it is the container's path.
      expect(result.all).toContain(` SUCCESS: ${file} is valid prometheus config file syntax`);
      expect(result.exitCode).toBe(0);
    },
  );

  it("scrapes trainers' native histograms, keeping the classic buckets the rules fall back to", () => {
    const text = readFileSync(configFile, "utf8");
    expect(text).toMatch(
      /- job_name: trainers\n(?:\s+.*\n)*?\s+scrape_native_histograms: true\n\s+always_scrape_classic_histograms: true/,
    );
    expect(withoutNativeHistogramSettings(text)).not.toMatch(
      /native_histograms|classic_histograms/,
    );
  });

  it("scrapes trainers with honor_labels, so their job and task labels survive", () => {
    const text = readFileSync(configFile, "utf8");
    expect(text).toMatch(/- job_name: trainers\n(?:\s+.*\n)*?\s+honor_labels: true/);
  });
});
