import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createTfjsCallback } from "./create-tfjs-callback.js";
import { createTrainingRecorder } from "./create-training-recorder.js";

describe("createTfjsCallback", () => {
  it("records tfjs batch and epoch logs, reading `acc` and `val_acc`", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({ registry, job: "j", task: "t" });
    const batches: number[] = [];
    const callback = createTfjsCallback({ recorder, afterBatch: (b) => batches.push(b) });
    await callback.onBatchBegin?.(0);
    await callback.onBatchEnd?.(0, { batch: 0, size: 16, loss: 1.5, acc: 0.25 });
    await callback.onEpochEnd?.(0, { loss: 1.4, acc: 0.3, val_loss: 1.6, val_acc: 0.2 });
    const text = await registry.metrics();
    expect(text).toContain('training_loss{job="j",task="t",phase="train"} 1.5');
    expect(text).toContain('training_accuracy{job="j",task="t",phase="validation"} 0.2');
    expect(text).toContain('training_examples_total{job="j",task="t"} 16');
    expect(text).toContain('training_epoch{job="j",task="t"} 1');
    expect(batches).toEqual([0]);
  });

  it("splits an epoch's time into input, compute and validation", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({ registry, job: "j", task: "t" });
    let ms = 1000;
    const callback = createTfjsCallback({ recorder, now: () => ms });
    await callback.onEpochBegin?.(0);
    for (const [input, compute] of [
      [30, 100],
      [10, 200],
    ] as const) {
      ms += input;
      await callback.onBatchBegin?.(0);
      ms += compute;
      await callback.onBatchEnd?.(0, { size: 4, loss: 1 });
    }
    ms += 500;
    await callback.onEpochEnd?.(0, { loss: 1, val_loss: 1.2 });
    const text = await registry.metrics();
    const phase = (p: string) =>
      Number(text.match(new RegExp(`training_phase_seconds_total{[^}]*phase="${p}"} (\\S+)`))?.[1]);
    const expected = { input: 0.04, compute: 0.3, validation: 0.5, checkpoint: 0 };
    for (const [p, seconds] of Object.entries(expected))
      expect(phase(p), p).toBeCloseTo(seconds, 9);
  });

  it("installs no per-batch reporting in epoch mode, so tfjs need not read the loss each batch", () => {
    const recorder = createTrainingRecorder({
      registry: new Registry(),
      job: "j",
      task: "t",
      report: { kind: "epoch" },
    });
    const callback = createTfjsCallback({ recorder, report: { kind: "epoch" } });
    expect([callback.onBatchBegin, callback.onBatchEnd]).toEqual([undefined, undefined]);
  });
});
