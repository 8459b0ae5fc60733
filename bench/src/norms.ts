import { defineBenchmark, fmt, round } from "./benchmark.js";
import { type Figure, figure } from "./stats.js";
import { createTrainingRun } from "./training-run.js";

/** What the weight and update norms (the trainer's --norm-every) cost a training step. */
export interface NormCost {
  /** ms one look takes: both norms over every weight, and the copy kept for the next. */
  readonly lookMs: Figure;
  /** ms of a training step without them. */
  readonly stepMs: Figure;
}

/**
 * On the overhead benchmark's model (MLP, wasm, batch 64): the time of one look of the norm
 * callback (100 in a row, per round), beside a training step's (one-epoch fits).
 */
export async function benchNorms({
  rounds = 7,
  trainSize = 4000,
  looks = 100,
} = {}): Promise<NormCost> {
  const run = await createTrainingRun(trainSize);
  const steps = Math.ceil(trainSize / 64);
  await run.fit(1, []); // warm-up: the first fit compiles wasm kernels
  const lookMs: number[] = [];
  const stepMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const norms = run.norms(1);
    await norms.onTrainBegin?.();
    const started = performance.now();
    for (let i = 0; i < looks; i++) await norms.onBatchEnd?.(i);
    lookMs.push((performance.now() - started) / looks);
    await norms.onTrainEnd?.();
    stepMs.push((trainSize / (await run.fit(1, [])).perSecond / steps) * 1000);
  }
  return { lookMs: figure(lookMs), stepMs: figure(stepMs) };
}

export const normsBenchmark = defineBenchmark({
  title: "weight and update norms: one look beside one training step (MLP, wasm, batch 64)",
  run: () => benchNorms(),
  report(cost, out) {
    out.figure(
      "norm_look_ms",
      cost.lookMs,
      "ms",
      "both L2 norms and the copy of the weights (101,770 weights)",
    );
    out.figure("norm_step_ms", cost.stepMs, "ms", "one training step, for scale");
    const share = cost.lookMs.median / 50 / cost.stepMs.median;
    out.value("norm_cost_per_step_every_50", round(share));
    out.row(
      `norm_cost_per_step_every_50 ${fmt(share * 100)} % (one look every 50 steps, the default, over a step's time)`,
    );
  },
});
