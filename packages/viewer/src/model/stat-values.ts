import type { AlignedFrame } from "./align-series.js";
import type { Panel } from "./dashboard-schema.js";
import { fieldDisplay } from "./field-config.js";
import { formatValue } from "./format-unit.js";
import { seriesColor } from "./palette.js";

/** One value a stat panel shows: its series' name, the reduced value, formatted, and a sparkline. */
export interface StatValue {
  readonly name: string;
  readonly value: number | null;
  readonly text: string;
  readonly color: string;
  /** The series' values, for the sparkline under the number. */
  readonly values: readonly (number | null)[];
}

type Calc = (values: readonly (number | null)[]) => number | null;

const finite = (values: readonly (number | null)[]) =>
  values.filter((v): v is number => v !== null && !Number.isNaN(v));

const calcs: Readonly<Record<string, Calc>> = {
  lastNotNull: (v) => finite(v).at(-1) ?? null,
  last: (v) => v.at(-1) ?? null,
  firstNotNull: (v) => finite(v)[0] ?? null,
  first: (v) => v[0] ?? null,
  mean: (v) => {
    const f = finite(v);
    return f.length === 0 ? null : f.reduce((a, b) => a + b, 0) / f.length;
  },
  max: (v) => (finite(v).length === 0 ? null : Math.max(...finite(v))),
  min: (v) => (finite(v).length === 0 ? null : Math.min(...finite(v))),
};

/**
 * A stat panel's values: each series reduced by the panel's calculation (Grafana's default,
 * last not-null), formatted in its unit.
 */
export function statValues(panel: Panel, frame: AlignedFrame): StatValue[] {
  const options = (panel.options ?? {}) as { reduceOptions?: { calcs?: string[] } };
  const calc = calcs[options.reduceOptions?.calcs?.[0] ?? "lastNotNull"] ?? calcs.lastNotNull;
  return frame.series.map((s, i) => {
    const display = fieldDisplay(panel, { refId: s.refId, name: s.name });
    const value = (calc as Calc)(s.values);
    return {
      name: display.displayName ?? s.name,
      value,
      text: formatValue(value, display.unit, display.decimals),
      color: seriesColor(i),
      values: s.values,
    };
  });
}

/** An SVG path of a sparkline `width`×`height` through the non-null values. */
export function sparklinePath(
  values: readonly (number | null)[],
  width: number,
  height: number,
): string {
  const points = values
    .map((v, i) => [i, v] as const)
    .filter(([, v]) => v !== null && Number.isFinite(v));
  if (points.length < 2) return "";
  const ys = points.map(([, v]) => v as number);
  const [low, high] = [Math.min(...ys), Math.max(...ys)];
  const x = (i: number) => (i / Math.max(1, values.length - 1)) * width;
  const y = (v: number) => (high > low ? height - ((v - low) / (high - low)) * height : height / 2);
  return points
    .map(([i, v], k) => `${k === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v as number).toFixed(1)}`)
    .join(" ");
}
