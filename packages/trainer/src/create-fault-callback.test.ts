import { createLogger, waitFor } from "@trainwatch/cli-kit";
import { describe, expect, it } from "vitest";
import {
  createFaultCallback,
  createLossSpike,
  type FaultContext,
} from "./create-fault-callback.js";
import { startTrainer } from "./start-trainer.js";
import { parseTrainerConfig } from "./trainer-config.js";

const token = "fault-test-token-0123";
const series = async (url: string, name: string) =>
  (await (await fetch(`${url}/metrics`)).text()).split("\n").find((l) => l.startsWith(name));

async function run(flags: Record<string, string>) {
  const config = parseTrainerConfig(
    {
      epochs: "3",
      trainSize: "640",
      validationSize: "64",
      metricsPort: "0",
      batchSize: "32",
      linger: "0",
      ...flags,
    },
    { TRAINWATCH_CONTROL_TOKEN: token },
  );
  return startTrainer(config, { logger: createLogger("t", () => {}), progress: "none" });
}

describe("createFaultCallback", () => {
  it("reports the train loss as NaN from step N on, and leaves validation alone", async () => {
    const trainer = await run({ faultNanAfter: "5", epochs: "50" });
    const validation = await waitFor(
      async () =>
        series(
          trainer.metricsUrl,
          'training_loss{job="mnist_mlp",task="worker-0",phase="validation"}',
        ),
      { what: "a validation loss after the first epoch", timeoutMs: 20_000 },
    );
    expect(validation).toMatch(/ \d+(\.\d+)?$/); // finite: tfjs clips cross-entropy
    expect(
      await series(
        trainer.metricsUrl,
        'training_loss{job="mnist_mlp",task="worker-0",phase="train"}',
      ),
    ).toMatch(/ NaN$/);
    trainer.stop("test");
    await trainer.done;
  });

  it("stalls after N steps, still answering, until stopped", async () => {
    const trainer = await run({ faultStallAfter: "4", epochs: "50" });
    await waitFor(
      async () => (await series(trainer.metricsUrl, "training_steps_total{"))?.endsWith(" 3"),
      { what: "3 recorded steps", timeoutMs: 20_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await series(trainer.metricsUrl, "training_steps_total{")).toMatch(/ 3$/);
    trainer.stop("TrainingStalled");
    expect(await trainer.done).toMatchObject({
      state: "stopped",
      stopReason: "TrainingStalled",
      steps: 4,
    });
  });

  it("raises the learning rate a thousandfold after N steps, and exports it", async () => {
    const trainer = await run({ faultDivergeAfter: "3", epochs: "50" });
    const line = await waitFor(
      async () => {
        const l = await series(trainer.metricsUrl, "training_learning_rate{");
        return l?.endsWith(" 1") && l;
      },
      { what: "training_learning_rate at 1 (0.001 × 1000)", timeoutMs: 20_000 },
    );
    expect(line).toBe('training_learning_rate{job="mnist_mlp",task="worker-0"} 1');
    trainer.stop("test");
    await trainer.done;
  });

  it("makes every batch from step N on take F times as long, by keeping the thread busy", async () => {
    const context = { logger: createLogger("t", () => {}) } as unknown as FaultContext;
    const callback = createFaultCallback({ slowAfter: 3, slowFactor: 3 }, context);
    const computeMs = 50;
    const extraMs: number[] = [];
    for (let step = 0; step < 3; step++) {
      await callback.onBatchBegin?.(step);
      const until = performance.now() + computeMs;
      while (performance.now() < until) {
        // the batch's own compute
      }
      const before = performance.now();
      await callback.onBatchEnd?.(step, {});
      extraMs.push(performance.now() - before);
    }
    // steps 1 and 2 as they were; step 3 twice its compute more (3× in all)
    expect(extraMs[0]).toBeLessThan(computeMs);
    expect(extraMs[1]).toBeLessThan(computeMs);
    expect(extraMs[2]).toBeGreaterThanOrEqual(2 * computeMs);
  });

  it("makes batches F times as long while the GPU is throttled, and says when that starts and ends", async () => {
    let throttled = false;
    const faults: [string, boolean][] = [];
    const context = {
      logger: createLogger("t", () => {}),
      onFault: (fault: string, active: boolean) => faults.push([fault, active]),
    } as unknown as FaultContext;
    const callback = createFaultCallback({ gpuThrottled: () => throttled, slowFactor: 3 }, context);
    await callback.onTrainBegin?.();
    const computeMs = 40;
    const batch = async (step: number) => {
      await callback.onBatchBegin?.(step);
      const until = performance.now() + computeMs;
      while (performance.now() < until) {
        // the batch's own compute
      }
      const before = performance.now();
      await callback.onBatchEnd?.(step, {});
      return performance.now() - before;
    };
    const fast = await batch(0);
    throttled = true;
    const slow = await batch(1);
    throttled = false;
    const again = await batch(2);
    expect(fast).toBeLessThan(computeMs);
    expect(slow).toBeGreaterThanOrEqual(2 * computeMs);
    expect(again).toBeLessThan(computeMs);
    expect(faults).toEqual([
      ["gpu_throttle", false],
      ["gpu_throttle", true],
      ["gpu_throttle", false],
    ]);
  });

  it("exports a planned stall as inactive from the start, active once it stalls", async () => {
    const faults: [string, boolean][] = [];
    const callback = createFaultCallback({ stallAfter: 2 }, {
      logger: createLogger("t", () => {}),
      stopRequested: Promise.resolve(),
      onFault: (fault: string, active: boolean) => faults.push([fault, active]),
    } as unknown as FaultContext);
    await callback.onTrainBegin?.();
    await callback.onBatchEnd?.(0, {});
    expect(faults).toEqual([["stall", false]]);
    await callback.onBatchEnd?.(1, {});
    expect(faults).toEqual([
      ["stall", false],
      ["stall", true],
    ]);
  });

  it("waits for every batch's input, which the run counts as its input phase", async () => {
    const trainer = await run({ faultSlowInput: "0.05", epochs: "50" });
    const phase = (name: string) =>
      series(
        trainer.metricsUrl,
        `training_phase_seconds_total{job="mnist_mlp",task="worker-0",phase="${name}"}`,
      );
    const seconds = async (name: string) => Number((await phase(name))?.split(" ").at(-1));
    await waitFor(async () => (await seconds("input")) > 1, {
      what: "a second of input time at 50 ms a batch",
      timeoutMs: 30_000,
    });
    const steps = Number(
      (await series(trainer.metricsUrl, "training_steps_total{"))?.split(" ").at(-1),
    );
    expect(await seconds("input")).toBeGreaterThanOrEqual(0.05 * (steps - 1));
    expect(await seconds("input")).toBeGreaterThan(await seconds("compute"));
    expect(
      await series(
        trainer.metricsUrl,
        'training_fault_injected{job="mnist_mlp",task="worker-0",fault="slow_input"}',
      ),
    ).toMatch(/ 1$/);
    trainer.stop("test");
    await trainer.done;
  }, 60_000);

  it("spikes the loss with a stretch of shuffled labels, and the update norm with it", async () => {
    const trainer = await run({
      faultLossSpikeAfter: "300",
      faultLossSpikeSeconds: "2",
      epochs: "500",
    });
    const value = async (name: string) =>
      Number((await series(trainer.metricsUrl, name))?.split(" ").at(-1));
    const trainLoss = 'training_loss{job="mnist_mlp",task="worker-0",phase="train"}';
    const faultSeries =
      'training_fault_injected{job="mnist_mlp",task="worker-0",fault="loss_spike"}';
    const before = await waitFor(
      async () =>
        (await value("training_steps_total{")) >= 250 && (await value("training_update_norm{")),
      { what: "an update norm before the spike", timeoutMs: 30_000 },
    );
    // Follow the spike from its start to its end, keeping the highest loss and update norm.
    const highest = { loss: 0, update: 0, started: false };
    await waitFor(
      async () => {
        const active = (await series(trainer.metricsUrl, faultSeries))?.endsWith(" 1");
        highest.started ||= active === true;
        highest.loss = Math.max(highest.loss, await value(trainLoss));
        highest.update = Math.max(highest.update, await value("training_update_norm{"));
        return highest.started && !active;
      },
      { what: "the loss spike to start and end", timeoutMs: 30_000, intervalMs: 10 },
    );
    console.log(
      `[loss spike] train loss up to ${highest.loss.toFixed(2)}; update norm ${before.toFixed(2)} before, up to ${highest.update.toFixed(2)} during`,
    );
    expect(highest.loss).toBeGreaterThan(1.5);
    // wrong labels make large updates: the norm of 50 steps' change at least doubles
    expect(highest.update).toBeGreaterThan(2 * before);
    trainer.stop("test");
    await trainer.done;
  }, 60_000);
});

describe("createLossSpike", () => {
  it("acts from step N on for its seconds, once", () => {
    let steps = 0;
    let now = 0;
    const spike = createLossSpike(
      10,
      2,
      () => steps,
      () => now,
    );
    expect(spike.active()).toBe(false);
    steps = 10;
    expect(spike.active()).toBe(true);
    now = 1_999;
    expect(spike.active()).toBe(true);
    now = 2_000;
    steps = 500;
    expect(spike.active()).toBe(false);
  });
});
