import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, waitFor } from "@trainwatch/cli-kit";
import { startPushgateway } from "@trainwatch/native-services";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createPushgatewayPusher } from "./create-pushgateway-pusher.js";
import { createTrainingRecorder } from "./create-training-recorder.js";

function setUp(url: string) {
  const registry = new Registry();
  const recorder = createTrainingRecorder({ registry, job: "mnist_mlp", task: "worker-0" });
  const lines: string[] = [];
  const logger = createLogger("test", (line) => lines.push(line));
  const pusher = createPushgatewayPusher({
    url,
    registry,
    job: "mnist_mlp",
    task: "worker-0",
    logger,
    attempts: 2,
    attemptTimeoutMs: 500,
  });
  return { registry, recorder, pusher, lines };
}

describe("createPushgatewayPusher", () => {
  it("puts the run's final state into the real Pushgateway under job and task", async () => {
    await using pushgateway = await startPushgateway({
      dir: mkdtempSync(join(tmpdir(), "tw-push-")),
    });
    const { recorder, pusher } = setUp(pushgateway.url);
    recorder.recordStep({ loss: 0.25, examples: 32, durationSeconds: 0.01 });
    recorder.setStatus("completed");
    expect(await pusher.push()).toBe(true);
    const text = await (await fetch(`${pushgateway.url}/metrics`)).text();
    expect(text).toMatch(
      /^training_loss\{instance="",job="mnist_mlp",phase="train",task="worker-0"\} 0\.25$/m,
    );
    expect(text).toMatch(
      /^training_status\{instance="",job="mnist_mlp",state="completed",task="worker-0"\} 1$/m,
    );
    expect(text).toMatch(/^push_time_seconds\{instance="",job="mnist_mlp",task="worker-0"\} \d/m);
  });

  it("pushes every interval in periodic mode until stopped", async () => {
    await using pushgateway = await startPushgateway({
      dir: mkdtempSync(join(tmpdir(), "tw-push-")),
    });
    const { registry, recorder, pusher } = setUp(pushgateway.url);
    recorder.setStatus("running");
    const periodic = pusher.startPeriodic(50);
    const successes = async () =>
      Number(/outcome="success"\} (\d+)/.exec(await registry.metrics())?.[1] ?? 0);
    await waitFor(async () => (await successes()) >= 3, {
      what: "three periodic pushes",
      timeoutMs: 5_000,
    });
    periodic.stop();
    const after = await successes();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await successes()).toBeLessThanOrEqual(after + 1); // at most the push in flight lands
    const text = await (await fetch(`${pushgateway.url}/metrics`)).text();
    expect(text).toMatch(
      /^training_status\{instance="",job="mnist_mlp",state="running",task="worker-0"\} 1$/m,
    );
  });

  it("returns false, counts the failure and warns once when the Pushgateway is unreachable", async () => {
    const { registry, pusher, lines } = setUp("http://127.0.0.1:9");
    expect([await pusher.push(), await pusher.push()]).toEqual([false, false]);
    expect(await registry.metrics()).toContain(
      'trainwatch_exporter_pushes_total{job="mnist_mlp",task="worker-0",outcome="failure"} 2',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      "push to http://127.0.0.1:9/metrics/job/mnist_mlp/task/worker-0 failed after 2 attempts",
    );
    expect(lines[0]).toContain("training goes on");
  });
});
