import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@trainwatch/cli-kit";
import { startPushgateway } from "@trainwatch/native-services";
import { describe, expect, it } from "vitest";
import { flushSpool } from "./flush-spool.js";
import type { SpoolFile } from "./spool-file.js";
import { writeSpoolFile } from "./write-spool-file.js";

const push = (overrides: Partial<SpoolFile>): SpoolFile => ({
  version: 1,
  pushgatewayUrl: "http://127.0.0.1:9",
  job: "mnist_mlp",
  task: "worker-0",
  runId: "old",
  status: "completed",
  time: new Date(Date.now() - 60_000).toISOString(),
  contentType: "text/plain; version=0.0.4",
  body: 'training_status{state="completed"} 1\n',
  ...overrides,
});

const groupBody = async (url: string, job: string, task: string) =>
  (await (await fetch(`${url}/metrics`)).text())
    .split("\n")
    .filter(
      (l) =>
        l.startsWith("training_status") &&
        l.includes(`job="${job}"`) &&
        l.includes(`task="${task}"`),
    );

describe("flushSpool", () => {
  it("delivers spooled pushes, deletes them, and keeps what it cannot deliver", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-flush-"));
    await using pushgateway = await startPushgateway({ dir });
    const spool = join(dir, "spool");
    const file = await writeSpoolFile(spool, push({}));
    const lines: string[] = [];
    const logger = createLogger("flush", (l) => lines.push(l));

    const failed = await flushSpool({ dir: spool, logger, timeoutMs: 500 });
    expect(failed).toMatchObject({ delivered: [], failed: [file] });
    expect(existsSync(file)).toBe(true);

    const report = await flushSpool({ dir: spool, pushgatewayUrl: pushgateway.url, logger });
    expect(report).toEqual({ delivered: [file], superseded: [], unreadable: [], failed: [] });
    expect(readdirSync(spool)).toEqual([]);
    expect(await groupBody(pushgateway.url, "mnist_mlp", "worker-0")).toEqual([
      'training_status{instance="",job="mnist_mlp",state="completed",task="worker-0"} 1',
    ]);
  });

  it("never overwrites a newer run's state for the same job and task", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-flush-"));
    await using pushgateway = await startPushgateway({ dir });
    const response = await fetch(`${pushgateway.url}/metrics/job/mnist_mlp/task/worker-0`, {
      method: "PUT",
      body: 'training_status{state="running"} 1\n',
    });
    expect(response.ok).toBe(true);
    const spool = join(dir, "spool");
    await writeSpoolFile(spool, push({ pushgatewayUrl: pushgateway.url }));

    const report = await flushSpool({ dir: spool, logger: createLogger("flush", () => {}) });
    expect(report.superseded).toEqual([
      expect.stringMatching(/\/spool\/superseded\/.+_old\.json$/),
    ]);
    expect(await groupBody(pushgateway.url, "mnist_mlp", "worker-0")).toEqual([
      'training_status{instance="",job="mnist_mlp",state="running",task="worker-0"} 1',
    ]);
  });

  it("delivers two runs' spooled pushes for one job and task in order, the newer last", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-flush-"));
    await using pushgateway = await startPushgateway({ dir });
    const spool = join(dir, "spool");
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    await writeSpoolFile(spool, push({ pushgatewayUrl: pushgateway.url, time: minutesAgo(2) }));
    await writeSpoolFile(
      spool,
      push({
        pushgatewayUrl: pushgateway.url,
        runId: "new",
        time: minutesAgo(1),
        body: 'training_status{state="failed"} 1\n',
      }),
    );

    const report = await flushSpool({ dir: spool, logger: createLogger("flush", () => {}) });
    expect(report).toMatchObject({ superseded: [], failed: [] });
    expect(report.delivered).toHaveLength(2);
    expect(await groupBody(pushgateway.url, "mnist_mlp", "worker-0")).toEqual([
      'training_status{instance="",job="mnist_mlp",state="failed",task="worker-0"} 1',
    ]);
  });

  it("moves a file it cannot parse aside and names it, never deleting it", async () => {
    const spool = mkdtempSync(join(tmpdir(), "tw-flush-"));
    writeFileSync(join(spool, "broken.json"), '{"version": 1, "job": ');
    const lines: string[] = [];
    const report = await flushSpool({
      dir: spool,
      logger: createLogger("flush", (l) => lines.push(l)),
    });
    const aside = join(spool, "unreadable", "broken.json");
    expect(report.unreadable).toEqual([aside]);
    expect(existsSync(aside)).toBe(true);
    expect(lines).toEqual([
      `[flush] warning: ${join(spool, "broken.json")} is not a spool file: moved to ${aside}; look at it, then delete it`,
    ]);
  });

  it("finds nothing to do in a spool folder that does not exist", async () => {
    const report = await flushSpool({
      dir: "/nonexistent/spool",
      logger: createLogger("f", () => {}),
    });
    expect(report).toEqual({ delivered: [], superseded: [], unreadable: [], failed: [] });
  });
});
