import type { EChartsOption, MarkAreaComponentOption } from "echarts";
import type { AlignedFrame } from "./align-series.js";
import type { AnnotationEvent } from "./annotation-events.js";
import { chartFrame, timeAxis, tooltipStyle } from "./chart-frame.js";
import type { Panel } from "./dashboard-schema.js";
import { type FieldDisplay, fieldDisplay } from "./field-config.js";
import { formatValue } from "./format-unit.js";
import { seriesColor, theme } from "./palette.js";
import type { TimeRange } from "./time-range.js";

/** A legend entry: what a person reads beside the chart. */
export interface LegendItem {
  readonly name: string;
  readonly color: string;
  readonly axis: "left" | "right";
}

/** A time-series chart: the ECharts option, its HTML legend and its y-axes' units. */
export interface TimeseriesChart {
  readonly option: EChartsOption;
  readonly legend: readonly LegendItem[];
  readonly axes: readonly FieldDisplay[];
}

/** Up to this many samples a series is drawn with its points (a run that just began), else as a line. */
const sparsePoints = 3;

const axisLabel = (display: FieldDisplay) => ({
  color: theme.axis,
  formatter: (value: number) => formatValue(value, display.unit, display.decimals),
});

function yAxis(display: FieldDisplay, position: "left" | "right") {
  return {
    type: "value" as const,
    position,
    scale: true,
    min: display.min,
    max: display.max,
    axisLabel: axisLabel(display),
    splitLine: { show: position === "left", lineStyle: { color: theme.grid } },
  };
}

/** Annotation moments as vertical lines and regions as shaded areas, on an empty carrier series. */
export function annotationSeries(events: readonly AnnotationEvent[]) {
  const moments = events.filter((e) => e.start === e.end);
  const regions = events.filter((e) => e.start !== e.end);
  return {
    type: "line" as const,
    name: "annotations",
    data: [],
    silent: false,
    markLine: {
      symbol: "none",
      label: { show: false },
      data: moments.map((e) => ({
        xAxis: e.start,
        name: `${e.title}: ${e.text}`,
        lineStyle: { color: e.color, type: "dashed" as const, width: 1 },
      })),
    },
    markArea: {
      label: { show: false },
      data: regions.map((e) => [
        {
          xAxis: e.start,
          name: `${e.title}: ${e.text}`,
          itemStyle: { color: e.color, opacity: 0.12 },
        },
        { xAxis: e.end },
      ]) as MarkAreaComponentOption["data"],
    },
  };
}

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

/**
 * The ECharts option of a Grafana `timeseries` panel: one line per series on a time axis spanning
 * the range (stacked, areas filled, when the panel stacks), a second y-axis on the right when an
 * override places series there (each axis with its own unit), annotations, and a tooltip that formats every value in its series' unit.
 */
export function timeseriesOption(
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
  const series = frame.series.map((s, i) => ({
    type: "line" as const,
    ...(stacked && { stack: "stack", areaStyle: { opacity: stacked.fillOpacity } }),
    name: legend[i]?.name,
    yAxisIndex: right && displays[i]?.axis === "right" ? 1 : 0,
    showSymbol: s.values.filter((v) => v !== null).length <= sparsePoints,
    symbolSize: 4,
    connectNulls: false,
    lineStyle: { width: 1.5 },
    color: seriesColor(i),
    emphasis: { disabled: true },
    datasetIndex: 0,
    encode: { x: "t", y: `s${i}` },
  }));
  // One column per series beside the time column: no per-point arrays to allocate or parse.
  const columns: Record<string, readonly (number | null)[]> = { t: frame.times };
  frame.series.forEach((s, i) => {
    columns[`s${i}`] = s.values;
  });
  const option: EChartsOption = {
    ...chartFrame,
    xAxis: timeAxis(range, true),
    yAxis: axes.map((a, i) => yAxis(a, i === 0 ? "left" : "right")),
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "line" },
      ...tooltipStyle,
      valueFormatter: undefined,
      formatter: (params: unknown) => tooltipHtml(params, displays),
    },
    dataset: { source: columns as Record<string, (number | null)[]> },
    series: [...series, annotationSeries(annotations)],
  };
  return { option, legend, axes };
}

interface TooltipParam {
  seriesIndex: number;
  seriesName: string;
  marker: string;
  /** The dataset row (time first), or `[time, value]`. */
  value: (number | null)[];
  /** Where the series' value sits in `value` (from the dataset's encoding). */
  encode?: { y?: number[] };
}

/** The tooltip of one time: every series' value in its own unit, the time on top. */
export function tooltipHtml(params: unknown, displays: readonly FieldDisplay[]): string {
  const list = (Array.isArray(params) ? params : [params]) as TooltipParam[];
  const first = list[0];
  if (!first) return "";
  const time = new Date(first.value[0] as number).toLocaleTimeString();
  const rows = list
    .map((p) => ({ p, value: p.value[p.encode?.y?.[0] ?? 1] ?? null }))
    .filter(({ p, value }) => p.seriesName !== "annotations" && value !== null)
    .map(({ p, value }) => {
      const d = displays[p.seriesIndex];
      return `${p.marker}${escapeHtml(p.seriesName)}: <b>${formatValue(value, d?.unit, d?.decimals)}</b>`;
    });
  return [time, ...rows].join("<br>");
}

/** Escapes text for the tooltip's HTML. */
export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
