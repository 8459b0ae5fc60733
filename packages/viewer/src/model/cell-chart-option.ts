import type {
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  EChartsOption,
} from "echarts";
import type { AlignedFrame } from "./align-series.js";
import { valueRange } from "./color-scale.js";
import type { FieldDisplay } from "./field-config.js";
import { formatValue } from "./format-unit.js";
import { theme } from "./palette.js";
import type { TimeRange } from "./time-range.js";
import { escapeHtml } from "./timeseries-option.js";

/** One coloured cell: from `start` to `end` (ms) on row `row`, with its value. */
export type Cell = readonly [start: number, end: number, row: number, value: number];

/** A heatmap or state timeline: rows of coloured cells over time. */
export interface CellChart {
  readonly option: EChartsOption;
  readonly rows: readonly string[];
  readonly cells: number;
}

/** The smallest and largest value of the cells, or the field's min and max where it sets them. */
export function cellRange(cells: readonly Cell[], display: FieldDisplay): [number, number] {
  const [low, high] = valueRange(cells.map((c) => c[3]));
  return [display.min ?? low, display.max ?? high];
}

/** Cells of a heatmap: every sample is one grid step wide. */
export function heatmapCells(frame: AlignedFrame, stepMs: number): Cell[] {
  return frame.series.flatMap((s, row) =>
    s.values.flatMap((v, j) =>
      v === null
        ? []
        : [[frame.times[j] as number, (frame.times[j] as number) + stepMs, row, v] as const],
    ),
  );
}

/** Cells of a state timeline: a run of equal values is one cell, ended by a change or a gap. */
export function stateCells(frame: AlignedFrame, stepMs: number): Cell[] {
  const cells: Cell[] = [];
  frame.series.forEach((s, row) => {
    let open: [number, number, number, number] | undefined;
    s.values.forEach((v, j) => {
      const t = frame.times[j] as number;
      if (open && (v === null || v !== open[3])) {
        cells.push(open);
        open = undefined;
      }
      if (v === null) return;
      if (open) open[1] = t + stepMs;
      else open = [t, t + stepMs, row, v];
    });
    if (open) cells.push(open);
  });
  return cells;
}

/**
 * The ECharts option of rows of cells on a time axis (Grafana's `heatmap` of series and its
 * `state-timeline`), drawn by a custom series: each cell a rectangle in `colorOf` its value, the
 * value in the field's unit in the tooltip.
 */
export function cellChartOption(
  frame: AlignedFrame,
  cells: readonly Cell[],
  display: FieldDisplay,
  range: TimeRange,
  colorOf: (value: number) => string,
): CellChart {
  const rows = frame.series.map((s) => s.name);
  const renderItem = (_params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
    const [start, end, row, value] = [0, 1, 2, 3].map((d) => api.value(d) as number);
    const topLeft = api.coord([start, row]);
    const bottomRight = api.coord([end, row]);
    const height = ((api.size?.([0, 1]) ?? [0, 0]) as number[])[1] as number;
    return {
      type: "rect" as const,
      shape: {
        x: topLeft[0] as number,
        y: (topLeft[1] as number) - height * 0.45,
        width: Math.max(1, (bottomRight[0] as number) - (topLeft[0] as number)),
        height: height * 0.9,
      },
      style: { fill: colorOf(value as number) },
    };
  };
  const option: EChartsOption = {
    animation: false,
    grid: { left: 8, right: 8, top: 10, bottom: 4, containLabel: true },
    xAxis: {
      type: "time",
      min: range.from,
      max: range.to,
      axisLabel: { color: theme.axis, hideOverlap: true },
      splitLine: { show: false },
    },
    yAxis: {
      type: "category",
      data: rows,
      inverse: true,
      axisLabel: { color: theme.axis, width: 160, overflow: "truncate" },
      axisTick: { show: false },
    },
    tooltip: {
      trigger: "item",
      confine: true,
      formatter: (params: unknown) => {
        const value = (params as { value: Cell }).value;
        const when = new Date(value[0]).toLocaleTimeString();
        return `${escapeHtml(rows[value[2]] ?? "")}<br>${when}: <b>${formatValue(value[3], display.unit, display.decimals)}</b>`;
      },
    },
    series: [
      {
        type: "custom",
        renderItem,
        encode: { x: [0, 1], y: 2 },
        data: cells.map((c) => [...c]),
      },
    ],
  };
  return { option, rows, cells: cells.length };
}
