#!/usr/bin/env node
// One training run of the overhead benchmark, in a process of its own so its memory is its own:
//   node train-once-main.js <off|on> <metrics port> <epochs> <train digits>
// `on` records every step through the exporter and serves /metrics (Prometheus scrapes it);
// `off` trains the same model on the same data with no instrumentation. One warm-up epoch
// (wasm compilation) is not timed. Prints {examplesPerSecond, maxRssBytes} as one JSON line.
import {
  createMetricsApp,
  createTfjsCallback,
  createTrainingRecorder,
  startMetricsServer,
  type TfjsCallback,
} from "@trainwatch/exporter";
import { createModel, loadMnist, selectBackend } from "@trainwatch/trainer";
import { collectDefaultMetrics, Registry } from "prom-client";

const [mode, port, epochs, trainSize] = process.argv
  .slice(2)
  .map((a, i) => (i === 0 ? a : Number(a)));
if ((mode !== "on" && mode !== "off") || ![port, epochs, trainSize].every(Number.isInteger)) {
  console.error("usage: train-once-main.js <off|on> <metrics port> <epochs> <train digits>");
  process.exit(2);
}
const { tf } = await selectBackend("wasm");
tf.setBackend("wasm"); // the same backend for both modes, whatever else could load
const data = loadMnist(tf, { trainSize: trainSize as number, validationSize: 500, seed: 42 });
const model = createModel(tf, { kind: "mlp", optimizer: "adam", learningRate: 0.001 });
const batchSize = 64;
const callbacks: TfjsCallback[] = [];
let server: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
if (mode === "on") {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const recorder = createTrainingRecorder({ registry, job: "bench_overhead", task: "worker-0" });
  recorder.setStatus("running");
  server = await startMetricsServer(createMetricsApp({ registry }), {
    host: "127.0.0.1",
    port: port as number,
  });
  callbacks.push(
    createTfjsCallback({
      recorder,
      stepsPerEpoch: Math.ceil(data.train.size / batchSize),
      examplesPerEpoch: data.train.size,
    }),
  );
}
const train = (n: number) =>
  model.fit(data.train.xs, data.train.ys, {
    epochs: n,
    batchSize,
    validationData: [data.validation.xs, data.validation.ys],
    yieldEvery: "batch",
    callbacks,
  });
await train(1);
const start = performance.now();
await train(epochs as number);
const seconds = (performance.now() - start) / 1000;
await server?.close();
console.log(
  JSON.stringify({
    examplesPerSecond: ((epochs as number) * data.train.size) / seconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
