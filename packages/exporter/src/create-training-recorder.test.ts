import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createTrainingRecorder } from "./create-training-recorder.js";
import { renderMetrics } from "./render-metrics.js";

/** Renders the registry and returns `series → value` for the lines starting with `prefix`. */
async function samples(registry: Registry, prefix: string): Promise<Record<string, number>> {
  const lines = (await registry.metrics()).split("\n").filter((l) => l.startsWith(prefix));
  return Object.fromEntries(
    lines.map((l) => [l.slice(0, l.lastIndexOf(" ")), Number(l.slice(l.lastIndexOf(" ") + 1))]),
  );
}

const step = { loss: 2, accuracy: 0.5, examples: 32, durationSeconds: 0.02 };

describe("createTrainingRecorder", () => {
  it("exports each step's loss, accuracy, counters and duration under the run's labels", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({
      registry,
      job: "mnist_mlp",
      task: "worker-0",
      now: () => 1_700_000_000_000,
    });
    recorder.recordStep(step);
    recorder.recordStep({ ...step, loss: 1, durationSeconds: 0.2 });
    expect(await samples(registry, "training_")).toMatchObject({
      'training_loss{job="mnist_mlp",task="worker-0",phase="train"}': 1,
      'training_accuracy{job="mnist_mlp",task="worker-0",phase="train"}': 0.5,
      'training_steps_total{job="mnist_mlp",task="worker-0"}': 2,
      'training_examples_total{job="mnist_mlp",task="worker-0"}': 64,
      'training_last_step_timestamp_seconds{job="mnist_mlp",task="worker-0"}': 1_700_000_000,
      'training_step_duration_seconds_bucket{job="mnist_mlp",task="worker-0",le="0.025"}': 1,
      'training_step_duration_seconds_bucket{job="mnist_mlp",task="worker-0",le="0.25"}': 2,
      'training_step_duration_seconds_bucket{job="mnist_mlp",task="worker-0",le="+Inf"}': 2,
      'training_step_duration_seconds_count{job="mnist_mlp",task="worker-0"}': 2,
    });
  });

  it("smooths the loss with a debiased EMA, starting at the first value", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({ registry, job: "j", task: "t", smoothing: 0.5 });
    recorder.recordStep({ ...step, loss: 4 });
    const first = await samples(registry, "training_loss_smoothed");
    recorder.recordStep({ ...step, loss: 1 });
    const second = await samples(registry, "training_loss_smoothed");
    const series = 'training_loss_smoothed{job="j",task="t",phase="train"}';
    // (0.5·4·0.5 + 0.5·1) / (1 − 0.25) = 2
    expect([first[series], second[series]]).toEqual([4, 2]);
  });

  it("reports loss only every N steps in steps:N mode, while counters count every step", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({
      registry,
      job: "j",
      task: "t",
      report: { kind: "steps", every: 3 },
    });
    recorder.recordStep({ ...step, loss: 5 });
    expect(await samples(registry, "training_loss{")).toEqual({});
    recorder.recordStep({ ...step, loss: 4 });
    recorder.recordStep({ ...step, loss: 3 });
    recorder.recordStep({ ...step, loss: 2 });
    expect(await samples(registry, "training_")).toMatchObject({
      'training_loss{job="j",task="t",phase="train"}': 3,
      'training_steps_total{job="j",task="t"}': 4,
    });
  });

  it("takes train values and step counts from the epoch in epoch mode", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({
      registry,
      job: "j",
      task: "t",
      report: { kind: "epoch" },
    });
    recorder.recordEpoch({
      epoch: 1,
      loss: 0.7,
      accuracy: 0.8,
      validationLoss: 0.9,
      validationAccuracy: 0.75,
      steps: 10,
      examples: 320,
    });
    expect(await samples(registry, "training_")).toMatchObject({
      'training_epoch{job="j",task="t"}': 1,
      'training_loss{job="j",task="t",phase="train"}': 0.7,
      'training_loss{job="j",task="t",phase="validation"}': 0.9,
      'training_accuracy{job="j",task="t",phase="validation"}': 0.75,
      'training_steps_total{job="j",task="t"}': 10,
      'training_examples_total{job="j",task="t"}': 320,
    });
  });

  it("exports a NaN loss as NaN rather than dropping it", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({ registry, job: "j", task: "t" });
    recorder.recordStep({ ...step, loss: Number.NaN });
    const { body } = await renderMetrics(registry);
    expect(body.split("\n")).toContain('training_loss{job="j",task="t",phase="train"} NaN');
  });

  it("sets exactly one training_status state to 1", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({ registry, job: "j", task: "t" });
    recorder.setStatus("running");
    recorder.setStatus("stopped");
    expect(await samples(registry, "training_status")).toEqual({
      'training_status{job="j",task="t",state="running"}': 0,
      'training_status{job="j",task="t",state="completed"}': 0,
      'training_status{job="j",task="t",state="stopped"}': 1,
      'training_status{job="j",task="t",state="failed"}': 0,
    });
  });

  it("sets the run's start time at its first running status only, and the norms once recorded", async () => {
    const registry = new Registry();
    let clock = 1_700_000_000_000;
    const recorder = createTrainingRecorder({ registry, job: "j", task: "t", now: () => clock });
    expect(await samples(registry, "training_start")).toEqual({});
    recorder.setStatus("running");
    clock += 60_000;
    recorder.setStatus("running");
    recorder.recordNorms(12.5, undefined);
    expect(await samples(registry, "training_")).toMatchObject({
      'training_start_timestamp_seconds{job="j",task="t"}': 1_700_000_000,
      'training_weight_norm{job="j",task="t"}': 12.5,
    });
    expect(await samples(registry, "training_update_norm")).toEqual({});
    recorder.recordNorms(13, 0.75);
    expect(await samples(registry, "training_update_norm")).toEqual({
      'training_update_norm{job="j",task="t"}': 0.75,
    });
  });

  it("exports only allowlisted hyperparameters in training_info and names the dropped ones", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({
      registry,
      job: "j",
      task: "t",
      allowHyperparameters: ["batch_size"],
    });
    const dropped = recorder.setRunInfo({
      runId: "r1",
      backend: "wasm",
      model: "mlp",
      optimizer: "adam",
      pid: 42,
      podUid: "8d4f2c3e-5b1a-4c7e-9f2d-3a6b8c1e0f42",
      hyperparameters: { batch_size: 64, learning_rate: 0.01, api_key: "secret" },
    });
    expect(dropped).toEqual(["learning_rate", "api_key"]);
    const text = await registry.metrics();
    expect(text).toContain(
      'training_info{run_id="r1",backend="wasm",model="mlp",optimizer="adam",pid="42",container_id="",pod_uid="8d4f2c3e-5b1a-4c7e-9f2d-3a6b8c1e0f42",control_port="",batch_size="64",job="j",task="t"} 1',
    );
    expect(text).not.toContain("secret");
  });

  it("rejects a job name that is free text, naming the flag and the value", () => {
    expect(() =>
      createTrainingRecorder({ registry: new Registry(), job: "my job!", task: "t" }),
    ).toThrow('--job: expected a name of letters, digits and _.:- (at most 64), got "my job!"');
  });
});

describe("createTrainingRecorder stop reason", () => {
  it("exports why a run was stopped as training_stop_info, keeping the label a short name", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({ registry, job: "j", task: "t" });
    expect(await registry.metrics()).not.toContain("training_stop_info{");
    recorder.setStopReason("TrainingStalled");
    expect(await registry.metrics()).toContain(
      'training_stop_info{job="j",task="t",reason="TrainingStalled"} 1',
    );
    recorder.setStopReason("rm -rf /");
    expect(await registry.metrics()).toContain(
      'training_stop_info{job="j",task="t",reason="invalid"} 1',
    );
  });
  it("tracks the best validation loss and the epochs since it was set, as Keras EarlyStopping counts them", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({ registry, job: "j", task: "t" });
    const seen: [number | undefined, number | undefined][] = [];
    for (const [epoch, validationLoss] of [1.0, 0.8, 0.9, 0.8, Number.NaN, 0.7].entries()) {
      recorder.recordEpoch({ epoch: epoch + 1, validationLoss });
      const s = await samples(registry, "training_");
      seen.push([
        s['training_validation_loss_best{job="j",task="t"}'],
        s['training_epochs_since_improvement{job="j",task="t"}'],
      ]);
    }
    // an equal loss (0.8 again) and NaN are no improvement
    expect(seen).toEqual([
      [1.0, 0],
      [0.8, 0],
      [0.8, 1],
      [0.8, 2],
      [0.8, 3],
      [0.7, 0],
    ]);
  });

  it("counts FLOPs per example, planned steps, patience and checkpoints only once they are set", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({ registry, job: "j", task: "t", now: () => 5000 });
    recorder.recordStep(step);
    const before = Object.keys(await samples(registry, "training_"));
    recorder.setFlopsPerExample(1000);
    recorder.setStepsPlanned(300);
    recorder.setEarlyStopPatience(2);
    recorder.recordStep(step);
    recorder.recordCheckpoint(0.25);
    expect(before.filter((k) => /flops|planned|patience|checkpoint_timestamp/.test(k))).toEqual([]);
    expect(await samples(registry, "training_")).toMatchObject({
      'training_flops_total{job="j",task="t"}': 32_000,
      'training_steps_planned{job="j",task="t"}': 300,
      'training_early_stop_patience{job="j",task="t"}': 2,
      'training_last_checkpoint_timestamp_seconds{job="j",task="t"}': 5,
      'training_phase_seconds_total{job="j",task="t",phase="checkpoint"}': 0.25,
      'training_phase_seconds_total{job="j",task="t",phase="compute"}': 0.04,
    });
  });
});
