import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findBinary, promtoolBinary } from "@trainwatch/native-services";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderPrometheusConfig } from "./render-prometheus-config.js";
import { defaultConfigDir } from "./stack-paths.js";

const source = `# top comment
scrape_configs:
  - job_name: trainers
    file_sd_configs:
      - files: [/etc/prometheus/targets/trainers*.json]
  - job_name: pushgateway
    static_configs:
      - targets: ["pushgateway:9091"]
  - job_name: elsewhere
    static_configs:
      - targets: ["node-exporter:9100", "10.0.0.1:9100"]
`;

describe("renderPrometheusConfig", () => {
  const rendered = renderPrometheusConfig(source, {
    services: { pushgateway: "127.0.0.1:4000" },
    targetsDir: "/run/tw/targets",
  });

  it("points targets named after a stack service at that service's loopback address", () => {
    expect(rendered).toContain("- 127.0.0.1:4000");
    expect(rendered).not.toContain("pushgateway:9091");
  });

  it("leaves targets of services the stack does not run untouched", () => {
    expect(rendered).toContain("- node-exporter:9100");
    expect(rendered).toContain("- 10.0.0.1:9100");
  });

  it("scrapes the jobs it is told to over HTTPS with the CA and client certificate, the rest as before", () => {
    const tls = {
      caFile: "/t/ca.crt",
      certFile: "/t/prometheus.crt",
      keyFile: "/t/prometheus.key",
    };
    const config = parse(
      renderPrometheusConfig(source, {
        services: { pushgateway: "127.0.0.1:4000" },
        targetsDir: "/run/tw/targets",
        tls: { jobs: ["trainers"], ...tls },
      }),
    ) as { scrape_configs: Record<string, unknown>[] };
    const [trainers, pushgateway] = config.scrape_configs;
    expect(trainers).toMatchObject({
      scheme: "https",
      tls_config: { ca_file: tls.caFile, cert_file: tls.certFile, key_file: tls.keyFile },
    });
    expect(pushgateway).not.toHaveProperty("scheme");
    expect(pushgateway).not.toHaveProperty("tls_config");
  });

  it("moves file_sd patterns into the run directory, keeping their file names", () => {
    expect(rendered).toContain("- /run/tw/targets/trainers*.json");
  });

  it("says it is generated and keeps the source's comments", () => {
    expect(rendered.split("\n").slice(0, 2)).toEqual([
      "# Rendered by trainwatch from prometheus/prometheus.yml for this native stack; do not edit.",
      "# top comment",
    ]);
  });

  it("refuses YAML that does not parse", () => {
    expect(() =>
      renderPrometheusConfig("scrape_configs: [", { services: {}, targetsDir: "/x" }),
    ).toThrow(/^prometheus.yml does not parse: /);
  });
});

describe("renderPrometheusConfig with a service the stack does not run", () => {
  it("drops that service's targets and the jobs left without any", () => {
    const rendered = renderPrometheusConfig(source, {
      services: { pushgateway: null },
      targetsDir: "/run/tw/targets",
    });
    expect(rendered).not.toContain("job_name: pushgateway");
    expect(rendered).toContain("job_name: elsewhere");
    expect(rendered).toContain("job_name: trainers");
  });
});

describe("renderPrometheusConfig on prometheus/prometheus.yml", () => {
  const configFile = join(defaultConfigDir, "prometheus.yml");

  // The pinned release with native histograms; Debian's (2.42), which refuses their settings.
  it.each([
    { binaries: "pinned", env: {}, nativeHistograms: true },
    { binaries: "system", env: { TRAINWATCH_SYSTEM_BINARIES: "1" }, nativeHistograms: false },
  ])(
    "passes promtool check config as the native stack renders it ($binaries binaries, native histograms $nativeHistograms)",
    async ({ env, nativeHistograms }) => {
      const dir = mkdtempSync(join(tmpdir(), "tw-promcfg-"));
      const rendered = join(dir, "prometheus.yml");
      const text = renderPrometheusConfig(readFileSync(configFile, "utf8"), {
        services: { prometheus: "127.0.0.1:19090", pushgateway: "127.0.0.1:19091" },
        targetsDir: join(dir, "targets"),
        nativeHistograms,
      });
      writeFileSync(rendered, text);
      expect(text.includes("scrape_native_histograms: true")).toBe(nativeHistograms);
      const promtool = findBinary(promtoolBinary, { env: { ...process.env, ...env } });
      const result = await execa(promtool, ["check", "config", rendered], {
        reject: false,
        all: true,
      });
      expect([result.exitCode, result.all]).toEqual([0, expect.stringContaining("SUCCESS")]);
    },
  );

  it("opens the OTLP receiver for pushing trainers: job, instance and task from the resource, names kept, an out-of-order window; promtool accepts it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-promcfg-"));
    const file = join(dir, "prometheus.yml");
    const text = renderPrometheusConfig(readFileSync(configFile, "utf8"), {
      services: { prometheus: "127.0.0.1:19090", pushgateway: "127.0.0.1:19091" },
      targetsDir: join(dir, "targets"),
      otlp: true,
    });
    writeFileSync(file, text);
    expect(parse(text)).toMatchObject({
      otlp: {
        promote_resource_attributes: ["task"],
        translation_strategy: "UnderscoreEscapingWithoutSuffixes",
      },
      storage: { tsdb: { out_of_order_time_window: "30m" } },
    });
    const result = await execa(findBinary(promtoolBinary), ["check", "config", file], {
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
});
