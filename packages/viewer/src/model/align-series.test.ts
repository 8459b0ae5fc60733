import { describe, expect, it } from "vitest";
import { alignSeries } from "./align-series.js";

describe("alignSeries", () => {
  it("puts several queries' series on one grid, a missing sample a gap", () => {
    const grid = { start: 10_000, end: 14_000, step: 1000 };
    const frame = alignSeries(
      [
        {
          refId: "A",
          legendFormat: "{{task}} train",
          series: [
            {
              metric: { task: "worker-0" },
              values: [
                [10, "1"],
                [11, "0.5"],
                [13, "NaN"],
              ],
            },
          ],
        },
        {
          refId: "B",
          series: [{ metric: { __name__: "lr", task: "w" }, values: [[14.0004, "+Inf"]] }],
        },
      ],
      grid,
    );
    expect(frame.times).toEqual([10_000, 11_000, 12_000, 13_000, 14_000]);
    expect(frame.series.map((s) => s.name)).toEqual(["worker-0 train", 'lr{task="w"}']);
    expect(frame.series[0]?.values).toEqual([1, 0.5, null, Number.NaN, null]);
    expect(frame.series[1]?.values).toEqual([null, null, null, null, Number.POSITIVE_INFINITY]);
  });
});
