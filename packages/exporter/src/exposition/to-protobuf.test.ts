import { trainingStepDuration } from "@trainwatch/catalog";
import { Counter, Registry, Summary } from "prom-client";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { createTrainingRecorder } from "../create-training-recorder.js";
import { renderScrape } from "../render-metrics.js";
import { classicSlots, createStepHistogram, nativeSlots } from "../step-histogram.js";
import { clientModelJson } from "./client-model.generated.js";

const MetricFamily = protobuf.Root.fromJSON(clientModelJson).lookupType(
  "io.prometheus.client.MetricFamily",
);

/** Decodes a delimited protobuf exposition into plain objects, by family name. */
function decode(bytes: Uint8Array): Record<string, Record<string, unknown>> {
  const reader = protobuf.Reader.create(bytes);
  const families: Record<string, Record<string, unknown>> = {};
  while (reader.pos < reader.len) {
    const family = MetricFamily.toObject(MetricFamily.decodeDelimited(reader), {
      longs: Number,
      enums: String,
      defaults: false,
    }) as Record<string, unknown>;
    families[family.name as string] = family;
  }
  return families;
}

describe("the protobuf exposition", () => {
  it("carries a step histogram in both forms, counters, gauges and summaries", async () => {
    const registry = new Registry();
    const labels = { job: "mnist_mlp", task: "worker-0" };
    const histogram = createStepHistogram(trainingStepDuration, labels, {
      classic: new Float64Array(classicSlots(trainingStepDuration)),
      native: new Float64Array(nativeSlots(trainingStepDuration)),
    });
    registry.registerMetric(histogram.metric);
    for (const seconds of [0.008, 0.008, 0.009, 0.2]) histogram.observe(seconds);
    new Counter({ name: "x_total", help: "x", labelNames: ["a"], registers: [registry] }).inc(
      { a: "b" },
      3,
    );
    const summary = new Summary({
      name: "s",
      help: "s",
      percentiles: [0.5],
      registers: [registry],
    });
    summary.observe(2);

    const rendered = await renderScrape(registry, "protobuf");
    expect(rendered.contentType).toBe(
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
    );
    const families = decode(rendered.body as Uint8Array);
    expect(families.x_total).toEqual({
      name: "x_total",
      help: "x",
      type: "COUNTER",
      metric: [{ label: [{ name: "a", value: "b" }], counter: { value: 3 } }],
    });
    expect(families.s?.metric).toEqual([
      { summary: { sample_count: 1, sample_sum: 2, quantile: [{ quantile: 0.5, value: 2 }] } },
    ]);
    const step = families.training_step_duration_seconds as {
      type: string;
      metric: { label: unknown; histogram: Record<string, unknown> }[];
    };
    expect(step.type).toBe("HISTOGRAM");
    expect(step.metric[0]?.label).toEqual([
      { name: "job", value: "mnist_mlp" },
      { name: "task", value: "worker-0" },
    ]);
    const h = step.metric[0]?.histogram as Record<string, unknown> & {
      bucket: { cumulative_count: number; upper_bound: number }[];
    };
    // classic: 13 bounds (no +Inf: the format implies it), cumulative
    expect(h.bucket).toHaveLength(13);
    expect(h.bucket.find((b) => b.upper_bound === 0.01)?.cumulative_count).toBe(3);
    expect(h.bucket.at(-1)).toEqual({ cumulative_count: 4, upper_bound: 10 });
    // native, schema 3: 0.008 and 0.009 in neighbouring buckets -55 and -54, 0.2 in -18
    expect(h).toMatchObject({
      sample_count: 4,
      sample_sum: 0.225,
      schema: 3,
      zero_threshold: 2 ** -128,
      positive_span: [
        { offset: -55, length: 2 },
        { offset: 35, length: 1 },
      ],
      positive_delta: [2, -1, 0],
    });
  });

  it("carries the classic form alone from a recorder without the native one", async () => {
    const registry = new Registry();
    const recorder = createTrainingRecorder({
      registry,
      job: "j",
      task: "t",
      nativeHistogram: false,
    });
    recorder.recordStep({ loss: 1, examples: 1, durationSeconds: 0.01 });
    const families = decode((await renderScrape(registry, "protobuf")).body as Uint8Array);
    const step = families.training_step_duration_seconds as {
      metric: { histogram: Record<string, unknown> }[];
    };
    expect(step.metric[0]?.histogram.sample_count).toBe(1);
    expect(step.metric[0]?.histogram).not.toHaveProperty("schema");
    expect(step.metric[0]?.histogram).not.toHaveProperty("positive_span");
  });
});
