import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findBinary, promtoolBinary } from "@trainwatch/native-services";
import { renderPrometheusConfig } from "@trainwatch/stack";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const configFile = fileURLToPath(new URL("../prometheus.yml", import.meta.url));
const promtool = () => findBinary(promtoolBinary);

describe("prometheus.yml", () => {
  it("passes promtool check config as committed (the container stack's form)", async () => {
    const result = await execa(promtool(), ["check", "config", configFile], {
      reject: false,
      all: true,
    });
    // A warning that /etc/prometheus/targets does not exist here is expected: it is the container's path.
    expect(result.all).toContain(` SUCCESS: ${configFile} is valid prometheus config file syntax`);
    expect(result.exitCode).toBe(0);
  });

  it("passes promtool check config as the native stack renders it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-promcfg-"));
    const rendered = join(dir, "prometheus.yml");
    writeFileSync(
      rendered,
      renderPrometheusConfig(readFileSync(configFile, "utf8"), {
        services: { prometheus: "127.0.0.1:19090", pushgateway: "127.0.0.1:19091" },
        targetsDir: join(dir, "targets"),
      }),
    );
    const result = await execa(promtool(), ["check", "config", rendered], {
      reject: false,
      all: true,
    });
    expect([result.exitCode, result.all]).toEqual([0, expect.stringContaining("SUCCESS")]);
  });

  it("leaves out the gpu job when the native stack runs no collector", () => {
    const rendered = renderPrometheusConfig(readFileSync(configFile, "utf8"), {
      services: { prometheus: "127.0.0.1:1", pushgateway: "127.0.0.1:2", "gpu-collector": null },
      targetsDir: "/x",
    });
    expect([
      rendered.includes("job_name: gpu"),
      readFileSync(configFile, "utf8").includes("job_name: gpu"),
    ]).toEqual([false, true]);
  });

  it("scrapes trainers with honor_labels, so their job and task labels survive", () => {
    const text = readFileSync(configFile, "utf8");
    expect(text).toMatch(/- job_name: trainers\n(?:\s+.*\n)*?\s+honor_labels: true/);
  });
});
