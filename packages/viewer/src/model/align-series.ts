import { formatLegend, type Labels } from "./format-legend.js";
import { type MatrixSeries, sampleValue } from "./prometheus-result.js";

/** The time grid of a range query: `start`, `start + step`, … up to `end`, in milliseconds. */
export interface TimeGrid {
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

/** One drawn series, its values on the frame's time grid (null where it has no sample). */
export interface AlignedSeries {
  readonly refId: string;
  readonly name: string;
  readonly labels: Labels;
  readonly values: readonly (number | null)[];
}

/** Several queries' series on one time grid, as a chart draws them. */
export interface AlignedFrame {
  readonly times: readonly number[];
  readonly series: readonly AlignedSeries[];
}

/** A query's range result with what the legend needs. */
export interface RangeInput {
  readonly refId: string;
  readonly legendFormat?: string;
  readonly series: readonly MatrixSeries[];
}

/** Every time of the grid, in milliseconds. */
export function gridTimes({ start, end, step }: TimeGrid): number[] {
  const count = Math.floor((end - start) / step) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => start + i * step);
}

/**
 * Puts the series of several range queries on one time grid (as Prometheus 3's UI does before
 * drawing): each sample goes to the nearest grid time, and a grid time without a sample is null,
 * so a gap in the data is a gap in the line.
 */
export function alignSeries(inputs: readonly RangeInput[], grid: TimeGrid): AlignedFrame {
  const times = gridTimes(grid);
  const series = inputs.flatMap((input) =>
    input.series.map((s) => {
      const values: (number | null)[] = new Array(times.length).fill(null);
      for (const [seconds, text] of s.values) {
        const index = Math.round((seconds * 1000 - grid.start) / grid.step);
        if (index >= 0 && index < times.length) values[index] = sampleValue(text);
      }
      return {
        refId: input.refId,
        name: formatLegend(input.legendFormat, s.metric),
        labels: s.metric,
        values,
      };
    }),
  );
  return { times, series };
}
