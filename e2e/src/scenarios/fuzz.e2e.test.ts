import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { type FuzzTarget, fuzzHttpServer, startNativeStack } from "@trainwatch/harness";
import { describe, expect, it } from "vitest";
import { runtimeCases } from "../runtime-cases.js";

const native = runtimeCases().find((c) => c.runtime === "native");

/**
 * Opens a connection that says it will send a 1,000-byte body and sends 10 bytes of it, then
 * nothing: resolves with how long the server held it, and the status line it answered, if any.
 */
function stallBody(url: string): Promise<{ heldMs: number; answer: string }> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("error", () => undefined); // a reset ends it as a close does
    socket.on("close", () =>
      resolve({ heldMs: Date.now() - started, answer: answer.split("\r\n")[0] ?? "" }),
    );
    socket.write(
      `POST /healthz HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":12345`,
    );
  });
}

describe("every HTTP endpoint, fuzzed", () => {
  it.skipIf(native?.skip)(
    "answers every generated request with its normal answer or a 4xx, in time, and closes stalled clients",
    async () => {
      await using stack = await startNativeStack({
        trainerArgs: ["--epochs", "500", "--train-size", "2000", "--validation-size", "200"],
      });
      const status = await stack.status();
      const trainer = status.trainers[0]?.url ?? "";
      const receiverToken = readFileSync(join(stack.dir, "secrets", "receiver-token"), "utf8");
      const targets: FuzzTarget[] = [
        // No control token: a generated `{}` would stop the run; its refusal path is fuzzed.
        { name: "trainer", url: trainer, paths: ["/metrics", "/healthz", "/control/stop", "/"] },
        {
          name: "gpu-collector",
          url: status.services.gpuCollector?.url ?? "",
          paths: ["/metrics", "/healthz", "/favicon.ico"],
        },
        {
          name: "alert-receiver",
          url: status.services.alertReceiver.url,
          paths: ["/alerts", "/metrics", "/healthz"],
          authorization: `Bearer ${receiverToken}`,
        },
        {
          name: "viewer",
          url: status.services.dashboards?.url ?? "",
          paths: [
            "/",
            "/d/trainwatch-training",
            "/explore",
            "/api/dashboards",
            "/api/dashboards/uid/trainwatch-training",
            "/api/settings",
            "/api/v1/query",
            "/api/v1/query_range",
            "/api/v1/labels",
            "/api/ds/query",
            "/assets",
          ],
        },
      ];
      const reports = [];
      for (const target of targets)
        reports.push(
          await fuzzHttpServer(target, { runs: Number(process.env.TRAINWATCH_FUZZ_RUNS ?? 250) }),
        );
      for (const r of reports)
        console.log(
          `fuzz ${r.name}: ${r.inputs} inputs (seed ${r.seed}), answers ${JSON.stringify(r.answers)}${r.failure ? `; FAILED on ${JSON.stringify(r.failure).slice(0, 600)}` : ""}`,
        );
      expect(
        reports.filter((r) => r.failure).map((r) => `${r.name}: ${JSON.stringify(r.failure)}`),
      ).toEqual([]);

      // A client that never finishes its body is let go within the request timeout (30 s,
      // checked every second), not held: answered at once (a refusal) or with 408.
      const stalled = await Promise.all(targets.map((t) => stallBody(t.url)));
      console.log(
        `stalled bodies: ${stalled.map((s, i) => `${targets[i]?.name} held ${s.heldMs} ms, "${s.answer}"`).join("; ")}`,
      );
      for (const s of stalled) {
        expect(s.answer).toMatch(/^HTTP\/1\.1 4\d\d /);
        expect(s.heldMs).toBeLessThan(35_000);
      }
      for (const t of targets) expect((await fetch(`${t.url}/healthz`)).status, t.name).toBe(200);
      expect((await stack.status()).trainers.every((t) => t.running)).toBe(true);
    },
    300_000,
  );
});
