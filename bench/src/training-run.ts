import {
  createMetricsApp,
  createTfjsCallback,
  createTrainingRecorder,
  startMetricsServer,
  type TfjsCallback,
} from "@trainwatch/exporter";
import { createModel, loadMnist, selectBackend } from "@trainwatch/trainer";
import { collectDefaultMetrics, Registry } from "prom-client";

/** The overhead benchmark's training: one model on fixed data, fit with or without callbacks. */
export interface TrainingRun {
  /** Fits `epochs` more epochs; returns examples per wall second and per CPU second. */
  fit(
    epochs: number,
    callbacks: TfjsCallback[],
  ): Promise<{ perSecond: number; perCpuSecond: number }>;
  /** trainwatch's instrumentation, as a trainer has it: recorder, tfjs callback, /metrics on `port`. */
  instrument(port: number): Promise<{ callback: TfjsCallback; close(): Promise<void> }>;
}

/** The MLP on `trainSize` real digits (seed 42), on the wasm backend, batch 64. */
export async function createTrainingRun(trainSize: number): Promise<TrainingRun> {
  const { tf } = await selectBackend("wasm");
  const data = loadMnist(tf, { trainSize, validationSize: 500, seed: 42 });
  const model = createModel(tf, { kind: "mlp", optimizer: "adam", learningRate: 0.001 });
  const batchSize = 64;
  return {
    async fit(epochs, callbacks) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      await model.fit(data.train.xs, data.train.ys, {
        epochs,
        batchSize,
        validationData: [data.validation.xs, data.validation.ys],
        yieldEvery: "batch",
        callbacks,
      });
      const cpu = process.cpuUsage(cpuStart);
      const examples = epochs * data.train.size;
      return {
        perSecond: examples / ((performance.now() - start) / 1000),
        perCpuSecond: examples / ((cpu.user + cpu.system) / 1e6),
      };
    },
    async instrument(port) {
      const registry = new Registry();
      collectDefaultMetrics({ register: registry });
      const recorder = createTrainingRecorder({
        registry,
        job: "bench_overhead",
        task: "worker-0",
      });
      recorder.setStatus("running");
      const server = await startMetricsServer(createMetricsApp({ registry }), {
        host: "127.0.0.1",
        port,
      });
      const callback = createTfjsCallback({
        recorder,
        stepsPerEpoch: Math.ceil(data.train.size / batchSize),
        examplesPerEpoch: data.train.size,
      });
      return { callback, close: () => server.close() };
    },
  };
}
