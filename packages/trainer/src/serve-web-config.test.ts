import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@trainwatch/cli-kit";
import { createLocalCa, type LocalCa } from "@trainwatch/http-kit";
import { describe, expect, it } from "vitest";
import { startTrainer } from "./start-trainer.js";
import { parseTrainerConfig } from "./trainer-config.js";

const token = "test-control-token-0123";

/** One HTTPS request trusting `ca`, with the `client` certificate when named; status and body. */
function call(
  url: string,
  ca: LocalCa,
  { client, method = "GET", body }: { client?: string; method?: string; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: readFileSync(ca.caFile),
        ...(client && {
          cert: readFileSync(ca.certFile(client)),
          key: readFileSync(ca.keyFile(client)),
        }),
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.once("error", reject);
    req.end(body);
  });
}

describe("startTrainer with --web.config.file", () => {
  it("serves /metrics and the control port over HTTPS to trusted clients only, and stops on a trusted POST", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trainer-tls-"));
    const ca = createLocalCa(join(dir, "tls"), [
      { name: "trainer", sans: ["IP:127.0.0.1"], usage: "server" },
      { name: "prometheus", sans: ["DNS:prometheus"], usage: "client" },
    ]);
    writeFileSync(
      join(dir, "web.yml"),
      [
        "tls_server_config:",
        `  cert_file: ${ca.certFile("trainer")}`,
        `  key_file: ${ca.keyFile("trainer")}`,
        "  client_auth_type: RequireAndVerifyClientCert",
        `  client_ca_file: ${ca.caFile}`,
        "http_server_config:",
        "  headers:",
        "    Strict-Transport-Security: max-age=31536000",
      ].join("\n"),
    );
    const config = parseTrainerConfig(
      {
        epochs: "200",
        trainSize: "1000",
        validationSize: "100",
        metricsPort: "0",
        controlPort: "0",
        linger: "0",
        progress: "none",
        "web.config.file": join(dir, "web.yml"),
      },
      { TRAINWATCH_CONTROL_TOKEN: token },
    );
    await using trainer = await startTrainer(config, {
      logger: createLogger("t", () => {}),
      progress: "none",
    });
    expect(trainer.metricsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(trainer.controlUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const scrape = await call(`${trainer.metricsUrl}/metrics`, ca, { client: "prometheus" });
    expect(scrape.status).toBe(200);
    expect(scrape.body).toContain("# TYPE training_loss gauge");
    await expect(call(`${trainer.metricsUrl}/metrics`, ca)).rejects.toThrow();
    await expect(fetch(`${trainer.metricsUrl.replace("https", "http")}/metrics`)).rejects.toThrow();
    await expect(
      call(`${trainer.controlUrl}/control/stop`, ca, { method: "POST", body: "{}" }),
    ).rejects.toThrow();
    const stop = await call(`${trainer.controlUrl}/control/stop`, ca, {
      client: "prometheus",
      method: "POST",
      body: JSON.stringify({ reason: "OverTls" }),
    });
    expect(stop).toEqual({ status: 202, body: JSON.stringify({ state: "stopping" }) });
    const result = await trainer.done;
    expect([result.state, result.stopReason]).toEqual(["stopped", "OverTls"]);
  });
});
