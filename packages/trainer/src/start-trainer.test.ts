import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, waitFor } from "@trainwatch/cli-kit";
import { demoTraceFile } from "@trainwatch/gpu-collector";
import { startPushgateway } from "@trainwatch/native-services";
import { describe, expect, it } from "vitest";
import { startTrainer } from "./start-trainer.js";
import { parseTrainerConfig } from "./trainer-config.js";

const token = "test-control-token-0123";

async function scrape(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

function stopRequest(url: string, body: unknown, authorization = `Bearer ${token}`) {
  return fetch(`${url}/control/stop`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("startTrainer", () => {
  it("trains with live metrics, stops on POST /control/stop and pushes its final state with the reason", async () => {
    await using pushgateway = await startPushgateway({
      dir: mkdtempSync(join(tmpdir(), "tw-trainer-")),
    });
    const config = parseTrainerConfig(
      {
        epochs: "200",
        trainSize: "1000",
        validationSize: "100",
        metricsPort: "0",
        linger: "0",
        pushgatewayUrl: pushgateway.url,
        progress: "none",
      },
      { TRAINWATCH_CONTROL_TOKEN: token },
    );
    const lines: string[] = [];
    const trainer = await startTrainer(config, {
      logger: createLogger("t", (l) => lines.push(l)),
      progress: "none",
    });

    const text = await waitFor(
      async () => {
        const body = await scrape(trainer.metricsUrl);
        return /^training_steps_total\{job="mnist_mlp",task="worker-0"\} [1-9]/m.test(body) && body;
      },
      { what: "training_steps_total to count steps", timeoutMs: 30_000 },
    );
    expect(text).toMatch(/^training_loss\{job="mnist_mlp",task="worker-0",phase="train"\} \d/m);
    expect(text).toMatch(/^training_status\{job="mnist_mlp",task="worker-0",state="running"\} 1$/m);
    expect(text).toMatch(
      new RegExp(
        `^training_info\\{run_id="${trainer.runId}",backend="${trainer.backend}",model="mlp",optimizer="adam",pid="${process.pid}",container_id="[0-9a-f]*",pod_uid="[0-9a-f-]*",control_port="",batch_size="64",learning_rate="0.001",epochs="200",seed="42",job="mnist_mlp",task="worker-0"\\} 1$`,
        "m",
      ),
    );

    expect((await stopRequest(trainer.metricsUrl, { reason: "x" }, "Bearer wrong")).status).toBe(
      401,
    );
    const bad = await stopRequest(trainer.metricsUrl, { reason: "rm -rf /" });
    expect([bad.status, ((await bad.json()) as { error: string }).error]).toEqual([
      400,
      "reason: expected a short name such as TrainingStalled (letters, digits, _)",
    ]);
    const accepted = await stopRequest(trainer.metricsUrl, { reason: "TrainingStalled" });
    expect([accepted.status, await accepted.json()]).toEqual([202, { state: "stopping" }]);

    const result = await trainer.done;
    expect(result).toMatchObject({
      state: "stopped",
      stopReason: "TrainingStalled",
      finalPushAccepted: true,
    });
    expect(result.steps).toBeLessThan(200 * 16);
    const pushed = await (await fetch(`${pushgateway.url}/metrics`)).text();
    expect(pushed).toMatch(
      /^training_status\{instance="",job="mnist_mlp",state="stopped",task="worker-0"\} 1$/m,
    );
    expect(pushed).toMatch(
      new RegExp(
        `^training_steps_total\\{instance="",job="mnist_mlp",task="worker-0"\\} ${result.steps}$`,
        "m",
      ),
    );
    expect(lines).toContain(
      "[t] stop requested (TrainingStalled): stopping after the current batch",
    );
  });

  it("exports where its time goes, its plan, FLOPs, patience and checkpoints while it trains", async () => {
    const checkpointDir = join(mkdtempSync(join(tmpdir(), "tw-trainer-")), "worker-0");
    const config = parseTrainerConfig(
      {
        epochs: "50",
        trainSize: "640",
        validationSize: "64",
        batchSize: "32",
        metricsPort: "0",
        linger: "0",
        checkpointDir,
        earlyStopPatience: "2",
      },
      {},
    );
    const trainer = await startTrainer(config, {
      logger: createLogger("t", () => {}),
      progress: "none",
    });
    const value = (text: string, series: string) =>
      Number(
        text
          .split("\n")
          .find((l) => l.startsWith(`${series} `))
          ?.slice(series.length + 1),
      );
    const run = 'job="mnist_mlp",task="worker-0"';
    const text = await waitFor(
      async () => {
        const body = await scrape(trainer.metricsUrl);
        return value(body, `training_epoch{${run}}`) >= 2 && body;
      },
      { what: "two epochs", timeoutMs: 60_000 },
    );
    trainer.stop("test");
    await trainer.done;
    for (const phase of ["compute", "input", "validation", "checkpoint"]) {
      expect(
        value(text, `training_phase_seconds_total{${run},phase="${phase}"}`),
        phase,
      ).toBeGreaterThan(0);
    }
    expect(value(text, `training_steps_planned{${run}}`)).toBe(20 * 50);
    expect(value(text, `training_early_stop_patience{${run}}`)).toBe(2);
    expect(value(text, `training_flops_total{${run}}`)).toBe(
      value(text, `training_examples_total{${run}}`) * (784 * 128 + 128 * 10) * 6,
    );
    expect(value(text, `training_validation_loss_best{${run}}`)).toBeLessThanOrEqual(
      value(text, `training_loss{${run},phase="validation"}`),
    );
    expect(value(text, `training_last_checkpoint_timestamp_seconds{${run}}`)).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );
    expect(readdirSync(checkpointDir)).toContain("model.json");
  });

  it("refuses remote stop with 403 when no control token is configured", async () => {
    const config = parseTrainerConfig(
      { epochs: "1", trainSize: "200", validationSize: "50", metricsPort: "0", linger: "0" },
      {},
    );
    await using trainer = await startTrainer(config, {
      logger: createLogger("t", () => {}),
      progress: "none",
    });
    const response = await stopRequest(trainer.metricsUrl, {});
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: "remote control is disabled: start the trainer with TRAINWATCH_CONTROL_TOKEN set",
    });
  });

  it("exports GPU metrics on its own /metrics with --gpu", async () => {
    const config = parseTrainerConfig(
      {
        epochs: "50",
        trainSize: "500",
        validationSize: "50",
        metricsPort: "0",
        linger: "0",
        gpu: `replay:${demoTraceFile}`,
      },
      {},
    );
    await using trainer = await startTrainer(config, {
      logger: createLogger("t", () => {}),
      progress: "none",
    });
    const text = await scrape(trainer.metricsUrl);
    expect(text).toMatch(/^gpu_temperature_celsius\{gpu="0",uuid="[^"]+",source="replay"\} \d+$/m);
    expect(text).toMatch(/^training_status\{job="mnist_mlp",task="worker-0",state="running"\} 1$/m);
  });

  it("trains without GPU metrics, and says why, when the GPU source cannot be opened", async () => {
    const config = parseTrainerConfig(
      {
        epochs: "1",
        trainSize: "256",
        validationSize: "64",
        metricsPort: "0",
        linger: "0",
        gpu: "replay:/nonexistent.jsonl",
      },
      {},
    );
    const lines: string[] = [];
    const trainer = await startTrainer(config, {
      logger: createLogger("t", (l) => lines.push(l)),
      progress: "none",
    });
    expect((await trainer.done).state).toBe("completed");
    expect(lines).toContain(
      "[t] warning: GPU metrics are off: replay file /nonexistent.jsonl cannot be read: ENOENT: no such file or directory, open '/nonexistent.jsonl'",
    );
  });

  it("completes, keeps its figures and spools its final state when the Pushgateway is unreachable", async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), "tw-spool-"));
    const config = parseTrainerConfig(
      {
        spoolDir,
        epochs: "1",
        trainSize: "256",
        validationSize: "64",
        metricsPort: "0",
        linger: "0",
        pushgatewayUrl: "http://127.0.0.1:9",
      },
      {},
    );
    const lines: string[] = [];
    const trainer = await startTrainer(config, {
      logger: createLogger("t", (l) => lines.push(l)),
      progress: "none",
    });
    const result = await trainer.done;
    expect(result).toMatchObject({
      state: "completed",
      steps: 4,
      examples: 256,
      finalPushAccepted: false,
      spoolFile: expect.stringMatching(new RegExp(`^${spoolDir}/.+_mnist_mlp_worker-0_.+\\.json$`)),
    });
    const spooled = JSON.parse(readFileSync(result.spoolFile as string, "utf8"));
    expect(spooled).toMatchObject({ job: "mnist_mlp", task: "worker-0", status: "completed" });
    expect(spooled.body).toMatch(
      /^training_status\{job="mnist_mlp",task="worker-0",state="completed"\} 1$/m,
    );
    expect(
      lines.some((l) =>
        l.includes("push to http://127.0.0.1:9/metrics/job/mnist_mlp/task/worker-0 failed"),
      ),
    ).toBe(true);
  });
});
