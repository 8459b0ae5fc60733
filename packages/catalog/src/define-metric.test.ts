import { describe, expect, it } from "vitest";
import { defineMetric } from "./define-metric.js";

const valid = {
  name: "x_seconds",
  type: "gauge",
  unit: "seconds",
  help: "h",
  labelNames: ["job"],
} as const;

describe("defineMetric", () => {
  it("returns a valid definition unchanged", () => {
    expect(defineMetric(valid)).toBe(valid);
  });

  it.each([
    [{ ...valid, name: "bad-name" }, 'name "bad-name" is not a valid Prometheus name'],
    [{ ...valid, type: "counter" }, 'counter "x_seconds" must end in "_total"'],
    [{ ...valid, name: "x_seconds_total" }, 'gauge "x_seconds_total" must not end in "_total"'],
    [{ ...valid, unit: "bytes" }, '"x_seconds" has unit "bytes" and must end in "_bytes"'],
    [{ ...valid, labelNames: ["Job"] }, 'label "Job" of "x_seconds" is not snake_case'],
    [{ ...valid, labelNames: ["job", "job"] }, "lists a label twice"],
    [{ ...valid, help: " " }, "has no help text"],
    [{ ...valid, type: "histogram" }, "buckets are required for histograms"],
    [
      { ...valid, type: "histogram", buckets: [1] },
      "a native schema is required for histograms and only for them",
    ],
    [{ ...valid, nativeSchema: 3 }, "a native schema is required for histograms and only for them"],
    [
      { ...valid, type: "histogram", buckets: [1], nativeSchema: 9 },
      "native schema 9 is not an integer from -4 to 8",
    ],
  ] as const)("rejects %o naming the bad value", (definition, message) => {
    expect(() => defineMetric(definition)).toThrow(message);
  });

  it("accepts a counter whose unit stands before _total", () => {
    const counter = { ...valid, name: "x_seconds_total", type: "counter" } as const;
    expect(defineMetric(counter).name).toBe("x_seconds_total");
  });
});
