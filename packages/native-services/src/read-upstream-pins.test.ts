import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readUpstreamPins } from "./read-upstream-pins.js";

function envFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "trainwatch-env-")), ".env");
  writeFileSync(path, text);
  return path;
}

describe("readUpstreamPins", () => {
  it("reads each version from its image tag in .env", () => {
    const path = envFile(
      "# pins\nPROMETHEUS_IMAGE=prom/prometheus:v3.13.5\nALERTMANAGER_IMAGE=quay.io/prometheus/alertmanager:v0.31.1\nPUSHGATEWAY_IMAGE=prom/pushgateway:v1.11.3\nTHANOS_IMAGE=quay.io/thanos/thanos:v0.42.4\n",
    );
    expect(readUpstreamPins(path)).toEqual({
      prometheus: "3.13.5",
      alertmanager: "0.31.1",
      pushgateway: "1.11.3",
      thanos: "0.42.4",
    });
  });

  it("names every image without a release tag, and the fix", () => {
    const path = envFile(
      "PROMETHEUS_IMAGE=prom/prometheus:latest\nALERTMANAGER_IMAGE=prom/alertmanager:v0.31.1\n",
    );
    expect(() => readUpstreamPins(path)).toThrow(
      `${path}: PROMETHEUS_IMAGE="prom/prometheus:latest" has no release tag: pin one, e.g. prom/prometheus:v1.2.3; PUSHGATEWAY_IMAGE="" has no release tag: pin one, e.g. prom/pushgateway:v1.2.3; THANOS_IMAGE="" has no release tag: pin one, e.g. quay.io/thanos/thanos:v1.2.3`,
    );
  });

  it("reads the repository's .env", () => {
    const pins = readUpstreamPins();
    for (const version of Object.values(pins)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
