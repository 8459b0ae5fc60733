import { describe, expect, it } from "vitest";
import { cellChart, cellRects, heatmapCells, stateCells } from "./cell-chart.js";

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

describe("cellRects", () => {
  it("maps cells to pixels of the plot area, row 0 on top, clipped to the range", () => {
    const rects = cellRects(
      [
        [0, 1000, 0, 1],
        [1000, 2000, 1, 0],
        [-1000, 500, 1, 1],
        [5000, 6000, 0, 1],
      ],
      2,
      { from: 0, to: 4000 },
      { width: 400, height: 100 },
      (v) => (v === 1 ? "red" : "green"),
    );
    expect(rects).toEqual([
      { x: 0, y: 2.5, width: 100, height: 45, color: "red" },
      { x: 100, y: 52.5, width: 100, height: 45, color: "green" },
      { x: 0, y: 52.5, width: 50, height: 45, color: "red" },
    ]);
  });
});

describe("cellChart", () => {
  it("names a row per series and lists each row's value at a time in the tooltip", () => {
    const chart = cellChart(
      frame,
      stateCells(frame, 1000),
      { unit: "bool_on_off", axis: "left" },
      { from: 0, to: 5000 },
      () => "red",
    );
    expect(chart.cells?.rows).toEqual(["GPU 0 hw_thermal_slowdown", "GPU 0 sw_power_cap"]);
    expect(chart.cells?.cells).toHaveLength(4);
    expect(chart.tooltip(2)).toEqual([
      { name: "GPU 0 hw_thermal_slowdown", value: "On" },
      { name: "GPU 0 sw_power_cap", value: "Off" },
    ]);
    expect(chart.tooltip(4)).toEqual([{ name: "GPU 0 sw_power_cap", value: "Off" }]);
  });
});
