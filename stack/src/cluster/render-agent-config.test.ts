import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeBinary, promtoolBinary } from "@trainwatch/native-services";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { defaultConfigDir } from "../run-dir/stack-paths.js";
import { renderAgentConfig } from "./render-agent-config.js";

const source = readFileSync(join(defaultConfigDir, "prometheus.yml"), "utf8");

interface AgentConfig {
  global: Record<string, unknown> & { external_labels: Record<string, string> };
  rule_files?: unknown;
  alerting?: unknown;
  remote_write: { url: string; queue_config: Record<string, string> }[];
  scrape_configs: {
    job_name: string;
    static_configs?: { targets: string[] }[];
    file_sd_configs?: { files: string[] }[];
  }[];
}

describe("renderAgentConfig", () => {
  const rendered = renderAgentConfig(source, {
    services: {
      prometheus: "10.200.1.2:9090",
      "gpu-collector": "10.200.1.2:9401",
      pushgateway: null,
    },
    targetsDir: "/run/nodes/node-1/targets",
    remoteWriteUrl: "http://10.200.1.1:19291/api/v1/receive",
    externalLabels: { node: "node-1" },
  });
  const config = parse(rendered) as AgentConfig;

  it("keeps the scrape jobs for this node's services, and none of another's", () => {
    const jobs = Object.fromEntries(
      config.scrape_configs.map((job) => [
        job.job_name,
        job.static_configs?.flatMap((s) => s.targets) ??
          job.file_sd_configs?.flatMap((f) => f.files),
      ]),
    );
    expect(jobs).toEqual({
      trainers: ["/run/nodes/node-1/targets/trainers*.json"],
      gpu: ["10.200.1.2:9401"],
      prometheus: ["10.200.1.2:9090"],
    });
  });

  it("has no rules and no Alertmanager (agent mode refuses them), and sends every sample on", () => {
    expect(config.rule_files).toBeUndefined();
    expect(config.alerting).toBeUndefined();
    expect(config.global.evaluation_interval).toBeUndefined();
    expect(config.global.external_labels).toEqual({ monitor: "trainwatch", node: "node-1" });
    expect(config.remote_write).toEqual([
      {
        url: "http://10.200.1.1:19291/api/v1/receive",
        queue_config: { batch_send_deadline: "1s", min_backoff: "100ms", max_backoff: "2s" },
      },
    ]);
  });

  it("is a config Prometheus accepts in agent mode (promtool check config --agent)", async () => {
    const promtool = await describeBinary(promtoolBinary);
    const file = join(mkdtempSync(join(tmpdir(), "tw-agent-")), "agent.yml");
    writeFileSync(file, rendered);
    const result = await execa(promtool.path, ["check", "config", "--agent", file], {
      reject: false,
      all: true,
    });
    expect([result.exitCode, result.all]).toEqual([0, expect.stringContaining("SUCCESS")]);
  });
});
