#!/usr/bin/env node
// One process of the hot-path benchmark, so each variant's code is compiled for it alone (two
// recorders in one process share their functions' compiled code, and the one that differs slows
// both, which no training process sees: it has one):
//   node hot-path-main.js <native|classic|bare|histogram|histogram-classic> <steps> [warm-up steps]
//     records `steps` training steps one way after as many (or `warm-up steps`), and prints the
//     ns per step: `native` through the exporter's recorder (classic and native histogram),
//     `classic` the same without the native histogram (the recorder before it), `bare` the
//     prom-client calls that would record the same values; `histogram` the step histogram's
//     observe alone, both forms, and `histogram-classic` its classic form alone.
import {
  trainingExamples,
  trainingLoss,
  trainingStepDuration,
  trainingSteps,
} from "@trainwatch/catalog";
import { createTrainingRecorder } from "@trainwatch/exporter";
import {
  classicSlots,
  createStepHistogram,
  nativeSlots,
} from "@trainwatch/exporter/step-histogram";
import { Counter, Gauge, Histogram, Registry } from "prom-client";

const [variant = "", stepsText = "", warmUpText = stepsText] = process.argv.slice(2);
const [steps, warmUp] = [Number(stepsText), Number(warmUpText)];
if (
  !["native", "classic", "bare", "histogram", "histogram-classic"].includes(variant) ||
  ![steps, warmUp].every((n) => Number.isInteger(n) && n > 0)
) {
  console.error(
    "usage: hot-path-main.js <native|classic|bare|histogram|histogram-classic> <steps> [warm-up steps]",
  );
  process.exit(2);
}

// Durations that move between buckets, as real steps do (not one bucket every time).
const duration = (i: number) => 0.008 + (i % 97) * 0.0001;

function recorderStep(nativeHistogram: boolean): (i: number) => void {
  const recorder = createTrainingRecorder({
    registry: new Registry(),
    job: "bench",
    task: "worker-0",
    nativeHistogram,
  });
  return (i) =>
    recorder.recordStep({
      loss: 1 / (i + 1),
      accuracy: 0.5,
      examples: 64,
      durationSeconds: duration(i),
    });
}

function bareStep(): (i: number) => void {
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
  const histogram = new Histogram({
    ...config(trainingStepDuration),
    buckets: [...(trainingStepDuration.buckets ?? [])],
  });
  return (i) => {
    loss.set({ ...labels, phase: "train" }, 1 / (i + 1));
    stepsTotal.inc(labels);
    examples.inc(labels, 64);
    histogram.observe(labels, duration(i));
  };
}

function histogramObserve(native: boolean): (i: number) => void {
  const histogram = createStepHistogram(
    trainingStepDuration,
    {},
    {
      classic: new Float64Array(classicSlots(trainingStepDuration)),
      native: new Float64Array(native ? nativeSlots(trainingStepDuration) : 0),
    },
  );
  return (i) => histogram.observe(duration(i));
}

const record =
  variant === "bare"
    ? bareStep()
    : variant.startsWith("histogram")
      ? histogramObserve(variant === "histogram")
      : recorderStep(variant === "native");
for (let i = 0; i < warmUp; i++) record(i); // warm-up: the JIT's tiers
const start = process.hrtime.bigint();
for (let i = 0; i < steps; i++) record(i);
const end = process.hrtime.bigint();
console.log(JSON.stringify({ ns: Number(end - start) / steps }));
