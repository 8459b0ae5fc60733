import { createLogger, waitFor } from "@trainwatch/cli-kit";
import { startHttpServer } from "@trainwatch/http-kit";
import { parseTrainerConfig, startTrainer } from "@trainwatch/trainer";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { WebhookPayload } from "./alertmanager-payload.js";
import { createAlertReceiverApp } from "./create-alert-receiver-app.js";

const token = "receiver-token-0123456789";
const controlToken = "control-token-0123456789";

function payload(
  alerts: { alertname: string; job?: string; task?: string; status?: "firing" | "resolved" }[],
): WebhookPayload {
  return {
    version: "4",
    groupKey: '{}:{alertname="x"}',
    status: "firing",
    receiver: "early-stop",
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: "http://alertmanager:9093",
    alerts: alerts.map(({ alertname, job, task, status = "firing" }) => ({
      status,
      labels: { alertname, severity: "critical", ...(job && { job }), ...(task && { task }) },
      annotations: {},
      startsAt: "2026-11-26T08:00:00Z",
      fingerprint: `${alertname}-${job}-${task}`,
    })),
  };
}

async function setUp() {
  const trainer = await startTrainer(
    parseTrainerConfig(
      {
        epochs: "100",
        trainSize: "640",
        validationSize: "64",
        metricsPort: "0",
        linger: "0",
        faultStallAfter: "3",
      },
      { TRAINWATCH_CONTROL_TOKEN: controlToken },
    ),
    { logger: createLogger("trainer", () => {}), progress: "none" },
  );
  // Where the query API would place it (locate-trainer.test.ts asks a real Prometheus).
  const located: string[] = [];
  const locateTrainer = async (job: string, task: string) => {
    located.push(`${job}/${task}`);
    if (task === "unreachable")
      throw new Error("the query API at http://prometheus did not answer");
    return job === "mnist_mlp" && task === "worker-0" ? trainer.metricsUrl : undefined;
  };
  const registry = new Registry();
  const lines: string[] = [];
  const app = createAlertReceiverApp({
    registry,
    token,
    controlToken,
    stopAlerts: new Set(["TrainingStalled", "TrainingLossNaN"]),
    locateTrainer,
    logger: createLogger("receiver", (l) => lines.push(l)),
  });
  const server = await startHttpServer(app, { port: 0 });
  const post = (body: unknown, authorization = `Bearer ${token}`) =>
    fetch(`${server.url}/alerts`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  return { trainer, server, post, registry, lines, located };
}

describe("createAlertReceiverApp", () => {
  it("stops the trainer a stop-worthy alert names, once, with the alert as the reason", async () => {
    const { trainer, server, post, registry, lines } = await setUp();
    try {
      const response = await post(
        payload([{ alertname: "TrainingStalled", job: "mnist_mlp", task: "worker-0" }]),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        decisions: [
          {
            alertname: "TrainingStalled",
            job: "mnist_mlp",
            task: "worker-0",
            outcome: "stop_requested",
            state: "stopping",
          },
        ],
      });
      expect(await trainer.done).toMatchObject({ state: "stopped", stopReason: "TrainingStalled" });

      const repeat = await post(
        payload([{ alertname: "TrainingStalled", job: "mnist_mlp", task: "worker-0" }]),
      );
      const resolved = await post(
        payload([
          { alertname: "TrainingStalled", job: "mnist_mlp", task: "worker-0", status: "resolved" },
        ]),
      );
      expect([(await repeat.json()) as unknown, (await resolved.json()) as unknown]).toMatchObject([
        { decisions: [{ outcome: "already_handled" }] },
        { decisions: [{ outcome: "resolved" }] },
      ]);
      const metrics = await registry.metrics();
      expect(metrics).toContain(
        'trainwatch_receiver_decisions_total{alertname="TrainingStalled",outcome="stop_requested"} 1',
      );
      expect(metrics).toContain('trainwatch_receiver_notifications_total{result="accepted"} 3');
      expect(lines).toContain(
        "[receiver] TrainingStalled mnist_mlp/worker-0: stop_requested (stopping)",
      );
    } finally {
      trainer.stop("test");
      await trainer.done;
      await server.close();
    }
  });

  it("refuses a bad payload or a wrong secret, and stops nothing", async () => {
    const { trainer, server, post, registry } = await setUp();
    try {
      const bad = await post({ version: "3", alerts: [] });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(
        /^not an Alertmanager v4 payload: version: /,
      );
      const wrong = await post(
        payload([{ alertname: "TrainingStalled", job: "mnist_mlp", task: "worker-0" }]),
        "Bearer nope",
      );
      expect(wrong.status).toBe(401);
      await waitFor(async () => (await registry.metrics()).includes('result="unauthorized"} 1'), {
        what: "the 401 to be counted",
        timeoutMs: 2000,
      });
      expect(await registry.metrics()).toContain(
        'trainwatch_receiver_notifications_total{result="bad_request"} 1',
      );
      expect(trainer.stop("probe")).toEqual({ state: "stopping" }); // still running until now
    } finally {
      trainer.stop("test");
      await trainer.done;
      await server.close();
    }
  });

  it("ignores alerts that are not stop-worthy or name no known trainer", async () => {
    const { trainer, server, post, located } = await setUp();
    try {
      const response = await post(
        payload([
          { alertname: "GpuThermalThrottling", job: "mnist_mlp", task: "worker-0" },
          { alertname: "TrainingLossNaN" },
          { alertname: "TrainingLossNaN", job: "other", task: "worker-9" },
        ]),
      );
      expect(
        ((await response.json()) as { decisions: { outcome: string }[] }).decisions.map(
          (d) => d.outcome,
        ),
      ).toEqual(["not_stop_worthy", "no_job_task", "unknown_trainer"]);
      expect(located).toEqual(["other/worker-9"]); // only stop-worthy alerts are looked up
    } finally {
      trainer.stop("test");
      await trainer.done;
      await server.close();
    }
  });

  it("answers 502 when the trainer cannot be located, so Alertmanager retries", async () => {
    const { trainer, server, post, registry } = await setUp();
    try {
      const response = await post(
        payload([{ alertname: "TrainingLossNaN", job: "mnist_mlp", task: "unreachable" }]),
      );
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({
        decisions: [
          {
            outcome: "stop_failed",
            state: "the query API at http://prometheus did not answer",
          },
        ],
      });
      expect(await registry.metrics()).toContain(
        'trainwatch_receiver_decisions_total{alertname="TrainingLossNaN",outcome="stop_failed"} 1',
      );
    } finally {
      trainer.stop("test");
      await trainer.done;
      await server.close();
    }
  });
});
