import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { amtoolBinary, findBinary } from "@trainwatch/native-services";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderAlertmanagerConfig } from "./render-alertmanager-config.js";

const native = { receiverUrl: "http://127.0.0.1:4321/alerts", header: "Rendered for a test." };
type Config = { receivers: { name: string; [key: string]: unknown }[] };
const receiver = (text: string, name: string) =>
  (parse(text) as Config).receivers.find((r) => r.name === name);

describe("renderAlertmanagerConfig", () => {
  it("points the early-stop webhook at the receiver it is given, with its token file", () => {
    const text = renderAlertmanagerConfig({
      ...native,
      receiverTokenFile: "/run/tw/secrets/receiver-token",
      env: {},
    });
    expect(receiver(text, "early-stop")).toMatchObject({
      webhook_configs: [
        {
          url: "http://127.0.0.1:4321/alerts",
          http_config: {
            authorization: { type: "Bearer", credentials_file: "/run/tw/secrets/receiver-token" },
          },
        },
      ],
    });
    expect(receiver(text, "critical")).toEqual({ name: "critical" }); // off unless configured
  });

  it("calls an HTTPS receiver trusting its CA and showing Alertmanager's client certificate", () => {
    const receiverTls = { caFile: "/t/ca.crt", certFile: "/t/am.crt", keyFile: "/t/am.key" };
    const text = renderAlertmanagerConfig({
      ...native,
      receiverUrl: "https://127.0.0.1:4321/alerts",
      receiverTokenFile: "/t/token",
      receiverTls,
      env: {},
    });
    expect(receiver(text, "early-stop")).toMatchObject({
      webhook_configs: [
        {
          http_config: {
            tls_config: { ca_file: "/t/ca.crt", cert_file: "/t/am.crt", key_file: "/t/am.key" },
          },
        },
      ],
    });
  });

  it("turns on the Slack, e-mail and webhook receivers the environment configures, and amtool accepts it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-amcfg-"));
    writeFileSync(join(dir, "token"), "x".repeat(24));
    const text = renderAlertmanagerConfig({
      ...native,
      receiverTokenFile: join(dir, "token"),
      env: {
        TRAINWATCH_SLACK_WEBHOOK_URL: "https://hooks.slack.test/services/T/B/X",
        TRAINWATCH_SLACK_CHANNEL: "#training",
        TRAINWATCH_SMTP_SMARTHOST: "smtp.test:587",
        TRAINWATCH_SMTP_FROM: "alerts@test",
        TRAINWATCH_ALERT_EMAIL_TO: "ml@test",
        TRAINWATCH_ALERT_WEBHOOK_URL: "http://hooks.test/alerts",
      },
    });
    expect(Object.keys(receiver(text, "critical") ?? {}).sort()).toEqual([
      "email_configs",
      "name",
      "slack_configs",
      "webhook_configs",
    ]);
    expect(Object.keys(receiver(text, "warning") ?? {}).sort()).toEqual([
      "name",
      "slack_configs",
      "webhook_configs",
    ]);
    writeFileSync(join(dir, "alertmanager.yml"), text);
    const amtool = findBinary(amtoolBinary);
    const result = await execa(amtool, ["check-config", join(dir, "alertmanager.yml")], {
      reject: false,
      all: true,
    });
    expect([result.exitCode, result.all]).toEqual([0, expect.stringContaining("SUCCESS")]);
  });
});
