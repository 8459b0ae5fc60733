import { describe, expect, it } from "vitest";
import type { AlignedFrame } from "./align-series.js";
import { dashboardSchema, type Panel } from "./dashboard-schema.js";
import { timeseriesChart } from "./timeseries-chart.js";

const accuracyPanel = dashboardSchema.parse({
  uid: "x",
  title: "x",
  panels: [
    {
      type: "timeseries",
      gridPos: { x: 0, y: 0, w: 18, h: 8 },
      fieldConfig: {
        defaults: { unit: "percentunit" },
        overrides: [
          {
            matcher: { id: "byFrameRefID", options: "B" },
            properties: [
              { id: "custom.axisPlacement", value: "right" },
              { id: "unit", value: "none" },
            ],
          },
        ],
      },
    },
  ],
}).panels[0] as Panel;

const frame: AlignedFrame = {
  times: [0, 1000],
  series: [
    { refId: "A", name: "worker-0 train", labels: {}, values: [0.5, 0.9] },
    { refId: "B", name: "<b>lr</b>", labels: {}, values: [0.001, null] },
  ],
};

describe("timeseriesChart", () => {
  it("puts the overridden query on a right-hand axis with its own unit", () => {
    const { chart, axes, legend } = timeseriesChart(
      accuracyPanel,
      frame,
      { from: 0, to: 1000 },
      [],
    );
    expect(axes.map((a) => a.unit)).toEqual(["percentunit", "none"]);
    expect(chart.series.map((s) => s.scale)).toEqual(["left", "right"]);
    expect(legend.map((l) => l.axis)).toEqual(["left", "right"]);
    expect(chart.axes.map((a) => [a.scale, a.format(0.5)])).toEqual([
      ["left", "50%"],
      ["right", "0.5"],
    ]);
  });

  it("stacks the series with filled areas when the panel stacks them", () => {
    const stackedPanel = dashboardSchema.parse({
      uid: "x",
      title: "x",
      panels: [
        {
          type: "timeseries",
          gridPos: { x: 0, y: 0, w: 12, h: 8 },
          fieldConfig: {
            defaults: {
              unit: "percentunit",
              custom: { stacking: { mode: "normal" }, fillOpacity: 60 },
            },
          },
        },
      ],
    }).panels[0] as Panel;
    const stacked = timeseriesChart(stackedPanel, frame, { from: 0, to: 1000 }, []).chart;
    expect(stacked.stacked).toBe(true);
    expect(stacked.series.map((s) => [s.fill, s.values])).toEqual([
      [0.6, [0.5, 0.9]],
      [0.6, [0.501, null]],
    ]);
    const plain = timeseriesChart(accuracyPanel, frame, { from: 0, to: 1000 }, []).chart;
    expect(plain.series.map((s) => s.fill)).toEqual([undefined, undefined]);
  });

  it("marks annotations: a moment as a line, a region as a band", () => {
    const { chart } = timeseriesChart(accuracyPanel, frame, { from: 0, to: 1000 }, [
      { start: 100, end: 100, color: "blue", title: "Run", text: "start" },
      { start: 200, end: 600, color: "red", title: "Alerts", text: "TrainingStalled" },
    ]);
    expect(chart.marks).toEqual([
      { start: 100, end: 100, color: "blue" },
      { start: 200, end: 600, color: "red" },
    ]);
  });

  it("lists each series' raw value at a time in its own unit, skipping gaps", () => {
    const { chart } = timeseriesChart(accuracyPanel, frame, { from: 0, to: 1000 }, []);
    expect(chart.tooltip(0).map((r) => [r.series, r.name, r.value])).toEqual([
      [0, "worker-0 train", "50%"],
      [1, "<b>lr</b>", "0.001"],
    ]);
    expect(chart.tooltip(1).map((r) => r.name)).toEqual(["worker-0 train"]);
  });
});
