import { readFileSync } from "node:fs";
import { alertmanagerBinary, amtoolBinary, findBinary } from "@trainwatch/native-services";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  containerAlertmanagerConfig,
  renderAlertmanagerConfig,
} from "../src/alerting/render-alertmanager-config.js";
import { stopAlerts } from "../src/alerting/stop-alerts.js";
import { alertmanagerConfigFile } from "../src/generated-paths.js";
import { ruleGroups } from "../src/render-rule-files.js";
import { defaultThresholds } from "../src/thresholds.js";

const configFile = alertmanagerConfigFile;
const amtool = () => findBinary(amtoolBinary);
const config = parse(readFileSync(configFile, "utf8")) as {
  route: { routes: { receiver: string; matchers: string[] }[] };
  receivers: { name: string }[];
};

async function routeOf(labels: string[]): Promise<string> {
  const args = ["config", "routes", "test", `--config.file=${configFile}`, ...labels];
  // amtool warns on stderr that --config.file overrides its own config; the answer is on stdout.
  const result = await execa(amtool(), args, { reject: false });
  return result.stdout.trim();
}

describe("alertmanager.yml", () => {
  it("is what prometheus/src/alerting generates (regenerate with `generate`)", () => {
    expect(readFileSync(configFile, "utf8")).toBe(
      renderAlertmanagerConfig(containerAlertmanagerConfig),
    );
  });

  it("passes amtool check-config", async () => {
    findBinary(alertmanagerBinary);
    const result = await execa(amtool(), ["check-config", configFile], {
      reject: false,
      all: true,
    });
    expect([result.exitCode, result.all]).toEqual([0, expect.stringContaining("SUCCESS")]);
  });

  it.each<[string[], string]>([
    [["alertname=TrainingLossNaN", "severity=critical", "job=j", "task=t"], "early-stop,critical"],
    [["alertname=TrainingStalled", "severity=critical"], "early-stop,critical"],
    [["alertname=TrainingTargetDown", "severity=critical"], "critical"],
    [["alertname=GpuThermalThrottling", "severity=warning"], "warning"],
    [["alertname=Watchdog", "severity=none"], "watchdog"],
    [["alertname=TrainingRunEnded", "severity=none"], "discard"],
    ...stopAlerts.map((alert): [string[], string] => [
      [`alertname=${alert}`, "severity=warning"],
      "early-stop,warning",
    ]),
  ])("routes %j to %s", async (labels, receivers) => {
    expect(await routeOf(labels)).toBe(receivers);
  });

  it("names a receiver for every route, and routes only alerts the rules define", () => {
    const names = new Set(config.receivers.map((r) => r.name));
    const alerts = new Set(
      Object.values(ruleGroups(defaultThresholds)).flatMap((g) =>
        g.flatMap((x) => x.rules.map((r) => ("alert" in r ? r.alert : ""))),
      ),
    );
    for (const route of config.route.routes) {
      expect(names.has(route.receiver), route.receiver).toBe(true);
      for (const m of route.matchers) {
        const match = /^alertname=~?"(.+)"$/.exec(m);
        for (const name of match?.[1]?.split("|") ?? []) expect(alerts.has(name), name).toBe(true);
      }
    }
  });
});
