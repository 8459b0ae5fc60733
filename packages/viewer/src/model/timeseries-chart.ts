import type { AlignedFrame } from "./align-series.js";
import type { AnnotationEvent } from "./annotation-events.js";
import type { ChartSpec } from "./chart-spec.js";
import type { Panel } from "./dashboard-schema.js";
import { type FieldDisplay, fieldDisplay } from "./field-config.js";
import { formatValue } from "./format-unit.js";
import { seriesColor } from "./palette.js";
import type { TimeRange } from "./time-range.js";

/** A legend entry: what a person reads beside the chart. */
export interface LegendItem {
  readonly name: string;
  readonly color: string;
  readonly axis: "left" | "right";
}

/** A time-series panel's chart, its HTML legend and its y-axes' units. */
export interface TimeseriesChart {
  readonly chart: ChartSpec;
  readonly legend: readonly LegendItem[];
  readonly axes: readonly FieldDisplay[];
}

/** Up to this many samples a series is drawn with its points (a run that just began), else as a line. */
const sparsePoints = 3;

/**
 * Whether the panel stacks its series (Grafana's `custom.stacking.mode` "normal"), and how opaque
 * their areas are (`custom.fillOpacity`, percent; 50 when unset).
 */
function isStacked(panel: Panel): { fillOpacity: number } | undefined {
  const custom = (
    panel.fieldConfig.defaults as {
      custom?: { stacking?: { mode?: string }; fillOpacity?: number };
    }
  ).custom;
  if (custom?.stacking?.mode !== "normal") return undefined;
  return { fillOpacity: (custom.fillOpacity ?? 50) / 100 };
}

/** Each series plus those below it, as a stack draws them; a gap stays a gap. */
function cumulate(frame: AlignedFrame): (number | null)[][] {
  const sums = frame.times.map(() => 0);
  return frame.series.map((s) =>
    s.values.map((v, j) => {
      if (v === null) return null;
      sums[j] = (sums[j] as number) + v;
      return sums[j] as number;
    }),
  );
}

/**
 * The chart of a Grafana `timeseries` panel: one line per series on a time axis spanning the
 * range (stacked, areas filled, when the panel stacks), a second y-axis on the right when an
 * override places series there (each axis with its own unit), annotations as marks, and a
 * tooltip that formats every value in its series' unit.
 */
export function timeseriesChart(
  panel: Panel,
  frame: AlignedFrame,
  range: TimeRange,
  annotations: readonly AnnotationEvent[],
): TimeseriesChart {
  const displays = frame.series.map((s) => fieldDisplay(panel, { refId: s.refId, name: s.name }));
  const left = displays.find((d) => d.axis === "left") ?? fieldDisplay(panel, { name: "" });
  const right = displays.find((d) => d.axis === "right");
  const axes = right ? [left, right] : [left];
  const legend = frame.series.map((s, i) => ({
    name: displays[i]?.displayName ?? s.name,
    color: seriesColor(i),
    axis: displays[i]?.axis ?? "left",
  }));
  const stacked = isStacked(panel);
  const values = stacked ? cumulate(frame) : frame.series.map((s) => s.values);
  const chart: ChartSpec = {
    range,
    times: frame.times,
    series: frame.series.map((s, i) => ({
      label: legend[i]?.name ?? s.name,
      color: seriesColor(i),
      scale: right && displays[i]?.axis === "right" ? "right" : "left",
      points: s.values.filter((v) => v !== null).length <= sparsePoints,
      ...(stacked && { fill: stacked.fillOpacity }),
      values: values[i] ?? [],
    })),
    axes: axes.map((d, i) => ({
      scale: i === 0 ? "left" : "right",
      format: (value: number) => formatValue(value, d.unit, d.decimals),
      min: d.min,
      max: d.max,
    })),
    stacked: stacked !== undefined,
    marks: annotations.map((a) => ({ start: a.start, end: a.end, color: a.color })),
    tooltip: (index) =>
      frame.series.flatMap((s, i) => {
        const v = s.values[index];
        if (v === null || v === undefined) return [];
        const d = displays[i];
        const name = legend[i]?.name ?? s.name;
        return [
          { series: i, color: seriesColor(i), name, value: formatValue(v, d?.unit, d?.decimals) },
        ];
      }),
  };
  return { chart, legend, axes };
}
