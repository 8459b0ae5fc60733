import type { ChartSeries, ChartSpec } from "./chart-spec.js";
import type { CompareX } from "./compare-state.js";
import { formatValue } from "./format-unit.js";
import { seriesColor } from "./palette.js";
import { smoothValues } from "./smooth-values.js";

/** A sample: time in milliseconds, value. */
export type Sample = readonly [time: number, value: number];

/** One run's samples: its step counter and its curves (loss or accuracy, per phase). */
export interface RunCurves {
  readonly run: string;
  readonly task: string;
  readonly steps: readonly Sample[];
  readonly curves: readonly { readonly phase: string; readonly samples: readonly Sample[] }[];
}

/** How the overlay is drawn: x-axis, smoothing weight (0: raw) and the values' unit. */
export interface OverlayOptions {
  readonly x: CompareX;
  readonly smoothing: number;
  readonly unit: string;
}

/** A curve's points against the run's steps or time since its first step, up to its last step. */
function points(run: RunCurves, samples: readonly Sample[], x: CompareX): [number, number][] {
  const stepAt = new Map(run.steps);
  const start = run.steps[0]?.[0] ?? 0;
  const last = Math.max(0, ...run.steps.map(([, s]) => s));
  // The run ends where its step count stops: what a lingering process still shows is not training.
  const end = run.steps.find(([, s]) => s === last)?.[0] ?? Number.POSITIVE_INFINITY;
  const byX = new Map<number, number>();
  for (const [time, value] of samples) {
    const step = stepAt.get(time);
    if (time > end || step === undefined) continue;
    byX.set(x === "step" ? step : (time - start) / 1000, value);
  }
  return [...byX].sort((a, b) => a[0] - b[0]);
}

/**
 * Several runs' curves overlaid on one x-axis (steps, or seconds since each run began): a colour
 * per run, validation dashed; the values smoothed as TensorBoard's slider smooths them. The x
 * values of all curves are merged into one grid, a curve spanning the grid points it has no
 * sample at.
 */
export function runOverlay(runs: readonly RunCurves[], options: OverlayOptions): ChartSpec {
  const curves = runs.flatMap((run, r) =>
    run.curves.map((c) => ({
      label: `${run.task} · ${run.run} ${c.phase}`,
      color: seriesColor(r),
      dash: c.phase !== "train",
      points: points(run, c.samples, options.x),
    })),
  );
  const xs = [...new Set(curves.flatMap((c) => c.points.map(([x]) => x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const series: ChartSeries[] = curves.map((c) => {
    const raw: (number | null)[] = xs.map(() => null);
    for (const [x, v] of c.points) raw[index.get(x) as number] = v;
    const smoothed = smoothValues(
      c.points.map(([, v]) => v),
      options.smoothing,
    );
    const values = [...raw];
    c.points.forEach(([x], k) => {
      values[index.get(x) as number] = smoothed[k] ?? null;
    });
    return {
      label: c.label,
      color: c.color,
      scale: "left",
      points: c.points.length <= 3,
      dash: c.dash,
      spanGaps: true,
      values,
    };
  });
  const format = (v: number) => formatValue(v, options.unit, undefined);
  return {
    range: { from: xs[0] ?? 0, to: xs.at(-1) ?? 1 },
    times: xs,
    x:
      options.x === "step"
        ? { label: "step", tick: (v) => String(v), describe: (v) => `step ${v}` }
        : {
            label: "seconds since the run began",
            tick: (v) => String(v),
            describe: (v) => `${v.toFixed(0)} s after its start`,
          },
    series,
    axes: [{ scale: "left", format }],
    stacked: false,
    marks: [],
    tooltip: (i) =>
      series.flatMap((s, k) => {
        const v = s.values[i];
        return v === null || v === undefined
          ? []
          : [{ series: k, color: s.color, name: s.label, value: format(v) }];
      }),
  };
}
