import {
  trainingExamples,
  trainingLoss,
  trainingStepDuration,
  trainingSteps,
} from "@trainwatch/catalog";
import { createTrainingRecorder } from "@trainwatch/exporter";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { defineBenchmark, round } from "./benchmark.js";
import { type Figure, figure, interleave } from "./stats.js";

const steps = 200_000;

/** ns per step of `record` over `steps` calls. */
function time(record: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) record(i);
  return Number(process.hrtime.bigint() - start) / steps;
}

/**
 * Nanoseconds to record one training step (loss, accuracy, counters, duration) through the
 * exporter's recorder, beside the bare prom-client calls that would record the same values.
 */
export async function benchHotPath(): Promise<{ recordStep: Figure; bare: Figure; ratio: number }> {
  const recorder = createTrainingRecorder({
    registry: new Registry(),
    job: "bench",
    task: "worker-0",
  });
  const registry = new Registry();
  const labels = { job: "bench", task: "worker-0" };
  const config = (d: { name: string; help: string; labelNames: readonly string[] }) => ({
    name: d.name,
    help: d.help,
    labelNames: [...d.labelNames],
    registers: [registry],
  });
  const loss = new Gauge(config(trainingLoss));
  const stepsTotal = new Counter(config(trainingSteps));
  const examples = new Counter(config(trainingExamples));
  const duration = new Histogram({
    ...config(trainingStepDuration),
    buckets: [...(trainingStepDuration.buckets ?? [])],
  });
  const recordStep = (i: number) =>
    recorder.recordStep({ loss: 1 / (i + 1), accuracy: 0.5, examples: 64, durationSeconds: 0.01 });
  const bare = (i: number) => {
    loss.set({ ...labels, phase: "train" }, 1 / (i + 1));
    stepsTotal.inc(labels);
    examples.inc(labels, 64);
    duration.observe(labels, 0.01);
  };
  time(recordStep); // warm-up
  time(bare);
  const [ours, theirs] = await interleave(
    7,
    () => time(recordStep),
    () => time(bare),
  );
  const recordStepFigure = figure(ours);
  const bareFigure = figure(theirs);
  return {
    recordStep: recordStepFigure,
    bare: bareFigure,
    ratio: recordStepFigure.median / bareFigure.median,
  };
}

/** record_step into shared memory against the bare prom-client calls it replaces. */
export const hotPathBenchmark = defineBenchmark({
  title: "hot path: record_step vs bare prom-client",
  run: benchHotPath,
  report(hot, out) {
    out.figure("record_step_ns", hot.recordStep, "ns", "into shared memory; target ≤ 200 ns");
    out.figure("record_step_bare_prom_ns", hot.bare, "ns", "the bare prom-client calls");
    out.value("record_step_ratio", round(hot.ratio));
    out.row(`record_step_ratio ${round(hot.ratio)} (ours ÷ bare)`);
  },
});
