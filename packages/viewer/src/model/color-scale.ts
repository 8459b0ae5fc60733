/** Colour stops of a continuous scheme, from its low end to its high end. */
export const schemes = {
  /** Grafana's heatmap default (Oranges), dark to bright for a dark theme. */
  oranges: ["#4a250c", "#8a3f0f", "#d0610f", "#f8a03c", "#fdd49e"],
} as const;

const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

/**
 * The colour of `value` on a scheme spanning `min`..`max` (clamped; a flat range gives the low
 * end), as `#rrggbb`.
 */
export function scaleColor(
  value: number,
  min: number,
  max: number,
  stops: readonly string[],
): string {
  const t = max > min ? Math.min(1, Math.max(0, (value - min) / (max - min))) : 0;
  const position = t * (stops.length - 1);
  const low = Math.floor(position);
  const high = Math.min(stops.length - 1, low + 1);
  const [a, b] = [rgb(stops[low] as string), rgb(stops[high] as string)];
  const mix = (a as number[]).map((v, i) =>
    Math.round(v + (((b as number[])[i] as number) - v) * (position - low)),
  );
  return `#${mix.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

/** The smallest and largest finite value of some series, or `fallback` when there is none. */
export function valueRange(
  values: Iterable<number | null>,
  fallback: readonly [number, number] = [0, 1],
): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [fallback[0], fallback[1]];
}
