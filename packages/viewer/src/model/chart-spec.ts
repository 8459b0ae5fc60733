import type { Cell } from "./cell-chart.js";
import type { TimeRange } from "./time-range.js";

/** One line of a chart, on the left or right y-axis. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly scale: "left" | "right";
  /** Draw each sample as a point (a run that just began has too few for a line). */
  readonly points: boolean;
  /** Opacity of the area under the line (to the series below it, when stacked); none: no area. */
  readonly fill?: number;
  /** Dashed (a second curve of the same colour: validation beside train). */
  readonly dash?: boolean;
  /** Draw the line across nulls (curves merged onto another's x grid), not a gap. */
  readonly spanGaps?: boolean;
  /** On the chart's x grid; null is a gap. Cumulated already when stacked. */
  readonly values: readonly (number | null)[];
}

/** A y-axis: its scale, labels in its unit, and fixed ends where the panel sets them. */
export interface ChartAxis {
  readonly scale: "left" | "right";
  format(value: number): string;
  readonly min?: number;
  readonly max?: number;
}

/** A line of the tooltip: a series' (or row's) value at the hovered time, in its unit. */
export interface TooltipRow {
  /** The series it belongs to, so a hidden series' row is left out. */
  readonly series?: number;
  readonly color?: string;
  readonly name: string;
  readonly value: string;
}

/** A moment (`start === end`: a dashed line) or a region (a shaded band) over the chart. */
export interface ChartMark {
  readonly start: number;
  readonly end: number;
  readonly color: string;
}

/** Rows of coloured cells (a heatmap or state timeline), row 0 on top. */
export interface ChartCells {
  readonly rows: readonly string[];
  readonly cells: readonly Cell[];
  colorOf(value: number): string;
}

/**
 * What a chart draws, independent of the library that draws it: series on a time grid with their
 * axes and areas (stacked series fill to the one below), marks, or rows of cells, and the tooltip
 * of each time of the grid.
 */
export interface ChartSpec {
  /** The x-axis' ends. */
  readonly range: TimeRange;
  /** The x grid: times in ms, or values of the `x` axis when it has one. */
  readonly times: readonly number[];
  /** An x-axis of values (steps, seconds): its title, tick labels and tooltip heading; none: time. */
  readonly x?: {
    readonly label: string;
    tick(value: number): string;
    describe(value: number): string;
  };
  readonly series: readonly ChartSeries[];
  readonly axes: readonly ChartAxis[];
  readonly stacked: boolean;
  readonly marks: readonly ChartMark[];
  readonly cells?: ChartCells;
  tooltip(index: number): readonly TooltipRow[];
}
