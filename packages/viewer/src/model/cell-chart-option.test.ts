import { describe, expect, it } from "vitest";
import { heatmapCells, stateCells } from "./cell-chart-option.js";

const frame = {
  times: [0, 1000, 2000, 3000, 4000],
  series: [
    { refId: "A", name: "GPU 0 hw_thermal_slowdown", labels: {}, values: [0, 0, 1, 1, null] },
    { refId: "A", name: "GPU 0 sw_power_cap", labels: {}, values: [0, null, 0, 0, 0] },
  ],
};

describe("stateCells", () => {
  it("merges a run of one value into one bar, split at a change or a gap", () => {
    expect(stateCells(frame, 1000)).toEqual([
      [0, 2000, 0, 0],
      [2000, 4000, 0, 1],
      [0, 1000, 1, 0],
      [2000, 5000, 1, 0],
    ]);
  });
});

describe("heatmapCells", () => {
  it("makes one step-wide cell per sample", () => {
    expect(heatmapCells(frame, 1000)).toHaveLength(8);
    expect(heatmapCells(frame, 1000)[2]).toEqual([2000, 3000, 0, 1]);
  });
});
