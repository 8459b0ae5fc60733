import type { AlignedFrame } from "./align-series.js";
import type { ChartSpec } from "./chart-spec.js";
import { valueRange } from "./color-scale.js";
import type { FieldDisplay } from "./field-config.js";
import { formatValue } from "./format-unit.js";
import type { TimeRange } from "./time-range.js";

/** One coloured cell: from `start` to `end` (ms) on row `row`, with its value. */
export type Cell = readonly [start: number, end: number, row: number, value: number];

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

/** A cell in pixels of the plot area, with its colour. */
export interface CellRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly color: string;
}

/**
 * Where each cell lands in a plot area `width`×`height` pixels showing `range` and `rows` rows
 * (row 0 on top, each row 90 % filled, as Grafana leaves a gap between rows).
 */
export function cellRects(
  cells: readonly Cell[],
  rows: number,
  range: TimeRange,
  size: { readonly width: number; readonly height: number },
  colorOf: (value: number) => string,
): CellRect[] {
  const xOf = (t: number) => ((t - range.from) / (range.to - range.from)) * size.width;
  const rowHeight = size.height / Math.max(1, rows);
  return cells.flatMap(([start, end, row, value]) => {
    const x = Math.max(0, xOf(start));
    const right = Math.min(size.width, xOf(end));
    if (right <= 0 || x >= size.width) return [];
    return [
      {
        x,
        y: row * rowHeight + rowHeight * 0.05,
        width: Math.max(1, right - x),
        height: rowHeight * 0.9,
        color: colorOf(value),
      },
    ];
  });
}

/**
 * The chart of rows of cells on a time axis (Grafana's `heatmap` of series and its
 * `state-timeline`): one row per series, row 0 on top; the tooltip lists every row's value at the
 * time under the pointer, in the field's unit.
 */
export function cellChart(
  frame: AlignedFrame,
  cells: readonly Cell[],
  display: FieldDisplay,
  range: TimeRange,
  colorOf: (value: number) => string,
): ChartSpec {
  return {
    range,
    times: frame.times,
    series: [],
    axes: [],
    stacked: false,
    marks: [],
    cells: { rows: frame.series.map((s) => s.name), cells, colorOf },
    tooltip: (index) =>
      frame.series.flatMap((s) => {
        const v = s.values[index];
        return v === null || v === undefined
          ? []
          : [{ name: s.name, value: formatValue(v, display.unit, display.decimals) }];
      }),
  };
}
