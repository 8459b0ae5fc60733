import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  alertmanagerBinary,
  amtoolBinary,
  findBinary,
  promtoolBinary,
  testedBinaries,
  versionAtLeast,
} from "@trainwatch/native-services";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { composeTlsDir } from "../src/generated-paths.js";
import {
  nativeHistogramsSince,
  withoutNativeHistogramSettings,
} from "../src/native-histogram-settings.js";
import { renderComposeTlsFiles } from "../src/render-compose-tls-files.js";

const files = renderComposeTlsFiles();
const promtools = await testedBinaries(promtoolBinary);

/** `text` with the containers' certificate folder moved to `dir`, where placeholder files stand. */
function withCertificatesIn(text: string, containerDir: string, dir: string): string {
  for (const name of [
    "ca.crt",
    "prometheus.crt",
    "prometheus.key",
    "alertmanager.crt",
    "alertmanager.key",
  ])
    writeFileSync(join(dir, name), "placeholder\n");
  return text.replaceAll(containerDir, dir);
}

describe("prometheus/tls (docker-compose.tls.yml's configs)", () => {
  it("is what prometheus/src generates (regenerate with `generate`)", () => {
    for (const [name, text] of Object.entries(files))
      expect(readFileSync(join(composeTlsDir, name), "utf8"), name).toBe(text);
  });

  it("scrapes the trainers and the GPU collector over HTTPS with Prometheus' certificate, and nothing else", () => {
    for (const name of ["prometheus.yml", "agent.yml"]) {
      const config = parse(files[name] ?? "") as {
        scrape_configs: { job_name: string; scheme?: string; tls_config?: object }[];
      };
      const https = config.scrape_configs.filter((job) => job.scheme === "https");
      expect(
        https.map((job) => job.job_name),
        name,
      ).toEqual(["trainers", "gpu"]);
      for (const job of https)
        expect(job.tls_config).toEqual({
          ca_file: "/etc/prometheus/tls/ca.crt",
          cert_file: "/etc/prometheus/tls/prometheus.crt",
          key_file: "/etc/prometheus/tls/prometheus.key",
        });
    }
  });

  it.each(promtools)(
    "prometheus.yml and agent.yml pass promtool check config on $label (before 3.8 without the native-histogram settings)",
    async ({ path, version }) => {
      const dir = mkdtempSync(join(tmpdir(), "tw-compose-tls-"));
      for (const name of ["prometheus.yml", "agent.yml"]) {
        const file = join(dir, name);
        const text = withCertificatesIn(files[name] ?? "", "/etc/prometheus/tls", dir);
        writeFileSync(
          file,
          versionAtLeast(version, nativeHistogramsSince)
            ? text
            : withoutNativeHistogramSettings(text),
        );
        const agent = name === "agent.yml" ? ["--agent"] : [];
        const result = await execa(path, ["check", "config", ...agent, file], {
          reject: false,
          all: true,
        });
        expect(result.all, name).toContain(
          `SUCCESS: ${file} is valid prometheus config file syntax`,
        );
      }
    },
  );

  it("alertmanager.yml calls the receiver over HTTPS with Alertmanager's certificate, and passes amtool check-config", async () => {
    findBinary(alertmanagerBinary);
    const text = files["alertmanager.yml"] ?? "";
    expect(text).toContain("url: https://alert-receiver:9095/alerts");
    const dir = mkdtempSync(join(tmpdir(), "tw-compose-tls-"));
    const file = join(dir, "alertmanager.yml");
    writeFileSync(file, withCertificatesIn(text, "/etc/alertmanager/tls", dir));
    const result = await execa(findBinary(amtoolBinary), ["check-config", file], {
      reject: false,
      all: true,
    });
    expect([result.exitCode, result.all]).toEqual([0, expect.stringContaining("SUCCESS")]);
  });
});
