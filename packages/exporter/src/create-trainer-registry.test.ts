import { describe, expect, it } from "vitest";
import { createTrainerRegistry } from "./create-trainer-registry.js";
import { createTrainingRecorder } from "./create-training-recorder.js";
import type { MetricFamilyJson } from "./exposition/to-protobuf.js";

const heap = (bytes: number): MetricFamilyJson[] => [
  {
    name: "nodejs_heap_size_used_bytes",
    help: "Process heap size used from Node.js in bytes.",
    type: "gauge",
    values: [{ labels: {}, value: bytes }],
    aggregator: "sum",
  } as unknown as MetricFamilyJson,
];

describe("createTrainerRegistry", () => {
  it("renders the process metrics, the training metrics from the recorder's memory and the training thread's latest families", async () => {
    const recorder = createTrainingRecorder({ job: "mnist_mlp", task: "worker-0" });
    const { registry, mirrorThreadFamilies } = createTrainerRegistry(
      { job: "mnist_mlp", task: "worker-0" },
      recorder.memory,
    );
    recorder.recordStep({ loss: 0.5, accuracy: 0.8, examples: 64, durationSeconds: 0.01 });
    mirrorThreadFamilies(heap(100));
    mirrorThreadFamilies(heap(200));
    const text = await registry.metrics();
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^training_steps_total\{job="mnist_mlp",task="worker-0"\} 1$/m);
    expect(text.match(/^nodejs_heap_size_used_bytes 200$/gm)).toHaveLength(1);
    expect(text).not.toMatch(/^nodejs_heap_size_used_bytes 100$/m);
  });
});
