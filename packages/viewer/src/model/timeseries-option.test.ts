import { describe, expect, it } from "vitest";
import type { AlignedFrame } from "./align-series.js";
import { dashboardSchema, type Panel } from "./dashboard-schema.js";
import { timeseriesOption, tooltipHtml } from "./timeseries-option.js";

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
    { refId: "B", name: "worker-0 learning rate", labels: {}, values: [0.001, 0.001] },
  ],
};

describe("timeseriesOption", () => {
  it("puts the overridden query on a right-hand axis with its own unit", () => {
    const { option, axes, legend } = timeseriesOption(
      accuracyPanel,
      frame,
      { from: 0, to: 1000 },
      [],
    );
    expect(axes.map((a) => a.unit)).toEqual(["percentunit", "none"]);
    expect((option.series as { yAxisIndex?: number }[]).map((s) => s.yAxisIndex)).toEqual([
      0,
      1,
      undefined,
    ]);
    expect(legend.map((l) => l.axis)).toEqual(["left", "right"]);
    const labels = (option.yAxis as { axisLabel: { formatter: (v: number) => string } }[]).map(
      (a) => a.axisLabel.formatter(0.5),
    );
    expect(labels).toEqual(["50%", "0.5"]);
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
    const drawn = (panel: Panel) =>
      (
        timeseriesOption(panel, frame, { from: 0, to: 1000 }, []).option.series as {
          name?: string;
          stack?: string;
          areaStyle?: { opacity: number };
        }[]
      ).filter((s) => s.name !== "annotations");
    expect(drawn(stackedPanel).map((s) => [s.stack, s.areaStyle?.opacity])).toEqual([
      ["stack", 0.6],
      ["stack", 0.6],
    ]);
    expect(drawn(accuracyPanel).map((s) => s.stack)).toEqual([undefined, undefined]);
  });

  it("draws annotations as lines and areas on a carrier series", () => {
    const { option } = timeseriesOption(accuracyPanel, frame, { from: 0, to: 1000 }, [
      { start: 100, end: 100, color: "blue", title: "Run", text: "start" },
      { start: 200, end: 600, color: "red", title: "Alerts", text: "TrainingStalled" },
    ]);
    const carrier = (
      option.series as {
        name: string;
        markLine: { data: unknown[] };
        markArea: { data: unknown[] };
      }[]
    ).at(-1);
    expect([carrier?.name, carrier?.markLine.data.length, carrier?.markArea.data.length]).toEqual([
      "annotations",
      1,
      1,
    ]);
  });
});

describe("tooltipHtml", () => {
  it("formats each series in its own unit and escapes names", () => {
    const html = tooltipHtml(
      [
        { seriesIndex: 0, seriesName: "<a>", marker: "", value: [0, 0.5] },
        { seriesIndex: 1, seriesName: "lr", marker: "", value: [0, 0.001] },
      ],
      [
        { unit: "percentunit", axis: "left" },
        { unit: "none", axis: "right" },
      ],
    );
    expect(html).toContain("&lt;a&gt;: <b>50%</b>");
    expect(html).toContain("lr: <b>0.001</b>");
  });
});
