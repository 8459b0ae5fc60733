import { createLogger } from "@trainwatch/cli-kit";
import { createTfjsCallback, startMetricsThread, type TfjsCallback } from "@trainwatch/exporter";
import { createModel, createNormCallback, loadMnist, selectBackend } from "@trainwatch/trainer";

/** The overhead benchmark's training: one model on fixed data, fit with or without callbacks. */
export interface TrainingRun {
  /** Fits `epochs` more epochs; returns examples per wall second and per CPU second. */
  fit(
    epochs: number,
    callbacks: TfjsCallback[],
  ): Promise<{ perSecond: number; perCpuSecond: number }>;
  /** Fits the first `steps` batches of the training digits `epochs` times, without validation. */
  fitSteps(steps: number, callbacks: TfjsCallback[], epochs?: number): Promise<void>;
  /** The trainer's weight- and update-norm callback on this model, every `every` steps. */
  norms(every: number): TfjsCallback;
  /** trainwatch's instrumentation, as a trainer has it: the metrics thread serving /metrics on
   *  `port` (0: any), the recorder writing into its shared memory, the tfjs callback. */
  instrument(
    port: number,
    timing?: { readonly slowdown: number },
  ): Promise<{ callback: TfjsCallback; close(): Promise<void> }>;
}

/** The MLP on `trainSize` real digits (seed 42), on the wasm backend, batch 64. */
export async function createTrainingRun(
  trainSize: number,
  { validationSize = 500 } = {},
): Promise<TrainingRun> {
  const { tf } = await selectBackend("wasm");
  const data = loadMnist(tf, { trainSize, validationSize, seed: 42 });
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
    async fitSteps(steps, callbacks, epochs = 1) {
      const [xs, ys] = [data.train.xs, data.train.ys].map((t) => t.slice(0, steps * batchSize));
      await model.fit(xs as typeof data.train.xs, ys as typeof data.train.ys, {
        epochs,
        batchSize,
        yieldEvery: "batch",
        callbacks,
      });
      tf.dispose([xs, ys] as never);
    },
    norms(every) {
      return createNormCallback(tf, model, every, () => {});
    },
    async instrument(port, { slowdown } = { slowdown: 1 }) {
      // Under a simulator `slowdown` times slower, its timers fire as often per step as here.
      const thread = await startMetricsThread({
        heartbeatIntervalMs: 25 * slowdown,
        threadMetricsIntervalMs: 5000 * slowdown,
        job: "bench_overhead",
        task: "worker-0",
        host: "127.0.0.1",
        port,
        logger: createLogger("bench"),
      });
      thread.recorder.setStatus("running");
      const callback = createTfjsCallback({
        recorder: thread.recorder,
        stepsPerEpoch: Math.ceil(data.train.size / batchSize),
        examplesPerEpoch: data.train.size,
      });
      return {
        callback,
        close: async () => {
          thread.recorder.setStatus("completed");
          await thread.finish({ lingerSeconds: 0, runId: "bench" });
        },
      };
    },
  };
}
