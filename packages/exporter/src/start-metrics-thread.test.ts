import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, waitFor } from "@trainwatch/cli-kit";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { startMetricsThread } from "./start-metrics-thread.js";

/** Keeps this thread busy for `ms`, as a long batch does. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

/** Lets the event loop turn, so queued messages are handled. */
const turn = () => new Promise((resolve) => setTimeout(resolve, 20));

const start = (
  lines: string[] = [],
  extra: Partial<Parameters<typeof startMetricsThread>[0]> = {},
) =>
  startMetricsThread({
    job: "mnist_mlp",
    task: "worker-0",
    port: 0,
    logger: createLogger("t", (l) => lines.push(l)),
    ...extra,
  });

describe("startMetricsThread", () => {
  it("answers /metrics from its own thread while this one is blocked, with the block in progress", async () => {
    await using thread = await start();
    thread.recorder.setStatus("running");
    thread.recorder.recordStep({ loss: 0.5, examples: 64, durationSeconds: 0.01 });
    // fetch runs its request on this thread's loop: a child process asks instead, with curl.
    const curl = execa("curl", ["-s", "-w", "\\n%{time_total}", `${thread.url}/metrics`]);
    block(1500);
    const { stdout } = await curl;
    const seconds = Number(stdout.slice(stdout.lastIndexOf("\n") + 1));
    expect(seconds).toBeLessThan(1);
    expect(stdout).toMatch(/^training_steps_total\{job="mnist_mlp",task="worker-0"\} 1$/m);
    expect(stdout).toMatch(/^training_loss\{job="mnist_mlp",task="worker-0",phase="train"\} 0.5$/m);
    expect(stdout).toMatch(/^process_resident_memory_bytes \d+/m);
    // the training thread's own heap, rendered there, not the metrics thread's
    expect(stdout).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
    const blocked = await (await fetch(`${thread.url}/metrics`)).text();
    const max = Number(
      /^training_event_loop_delay_max_seconds\{[^}]*\} (\S+)$/m.exec(blocked)?.[1],
    );
    expect(max).toBeGreaterThanOrEqual(1.4);
  });

  it("hands POST /control/stop to this thread and answers it at once, blocked or not", async () => {
    await using thread = await start([], { controlToken: "a-control-token-0123456789" });
    thread.recorder.setStatus("running");
    const reasons: string[] = [];
    thread.onStop((reason) => reasons.push(reason));
    const curl = execa("curl", [
      ...["-s", "-w", "\\n%{time_total}", "-X", "POST"],
      ...["-H", "authorization: Bearer a-control-token-0123456789"],
      ...["-H", "content-type: application/json", "-d", '{"reason":"TrainingStalled"}'],
      `${thread.url}/control/stop`,
    ]);
    block(1500);
    const duringTheBatch = [...reasons];
    const [body, seconds] = (await curl).stdout.split("\n");
    expect(JSON.parse(body as string)).toEqual({ state: "stopping" });
    expect(Number(seconds)).toBeLessThan(1); // answered while this thread was busy
    expect(duringTheBatch).toEqual([]); // acted on between batches, not inside one
    await turn();
    expect(reasons).toEqual(["TrainingStalled"]);
  });

  it("serves the final state until a scrape reads it, then ends", async () => {
    const thread = await start();
    thread.recorder.setStatus("completed");
    const finished = thread.finish({ lingerSeconds: 30, runId: "r1" });
    await turn();
    const body = await (await fetch(`${thread.url}/metrics`)).text();
    expect(body).toMatch(
      /^training_status\{job="mnist_mlp",task="worker-0",state="completed"\} 1$/m,
    );
    expect(await finished).toEqual({ pushed: undefined, spoolFile: undefined, scraped: true });
    await expect(fetch(`${thread.url}/healthz`)).rejects.toThrow();
  });

  it("spools a final push that fails, and ends after the linger bound without a scrape", async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), "tw-spool-"));
    const lines: string[] = [];
    const thread = await start(lines, {
      pushgateway: { url: "http://127.0.0.1:9", intervalSeconds: 0, spoolDir },
    });
    thread.recorder.setRunInfo({ runId: "r2", backend: "cpu", model: "mlp", optimizer: "adam" });
    thread.recorder.setStatus("failed");
    const result = await thread.finish({ lingerSeconds: 0.2, runId: "r2" });
    expect(result).toMatchObject({ pushed: false, scraped: false });
    expect(readdirSync(spoolDir)).toEqual([expect.stringMatching(/_mnist_mlp_worker-0_r2\.json$/)]);
    const spooled = JSON.parse(readFileSync(result.spoolFile as string, "utf8"));
    expect(spooled).toMatchObject({
      runId: "r2",
      status: "failed",
      pushgatewayUrl: "http://127.0.0.1:9",
    });
    expect(spooled.body).toMatch(/^training_info\{run_id="r2",.*\} 1$/m);
    await waitFor(() => lines.some((l) => l.includes("push to http://127.0.0.1:9/")), {
      what: "the failed push to be logged on this thread",
      timeoutMs: 5000,
    });
  });

  it("refuses a taken port with the address and exit status 2", async () => {
    await using first = await start();
    await expect(start([], { port: first.port })).rejects.toMatchObject({
      code: "port_in_use",
      exitCode: 2,
      message: expect.stringContaining(`127.0.0.1:${first.port} is already in use`),
    });
  });
});
