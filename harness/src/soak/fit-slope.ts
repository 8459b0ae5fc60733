/** A least-squares line through samples, and whether its slope is told apart from noise. */
export interface SlopeFit {
  /** Change per hour. */
  readonly perHour: number;
  /** The slope's standard error, per hour. */
  readonly standardErrorPerHour: number;
  /** The fitted change over the samples' span, as a share of their mean (0.01 = 1 %). */
  readonly relativeChange: number;
  /**
   * Flat within noise: the slope is within two standard errors of zero, or the fitted change
   * over the span is under `tolerance` of the mean (too small to matter, however certain).
   */
  readonly flat: boolean;
}

/**
 * Fits `value = a + b·t` to samples (`t` in seconds) by least squares.
 *
 * @example fitSlope([{ t: 0, value: 10 }, { t: 60, value: 10 }, { t: 120, value: 10 }]).flat // true
 */
export function fitSlope(
  points: readonly { readonly t: number; readonly value: number }[],
  { tolerance = 0.01 }: { tolerance?: number } = {},
): SlopeFit {
  const n = points.length;
  if (n < 3)
    return {
      perHour: 0,
      standardErrorPerHour: Number.POSITIVE_INFINITY,
      relativeChange: 0,
      flat: true,
    };
  const meanT = points.reduce((s, p) => s + p.t, 0) / n;
  const meanV = points.reduce((s, p) => s + p.value, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.t - meanT) ** 2, 0);
  const b = sxx === 0 ? 0 : points.reduce((s, p) => s + (p.t - meanT) * (p.value - meanV), 0) / sxx;
  const a = meanV - b * meanT;
  const residuals = points.reduce((s, p) => s + (p.value - (a + b * p.t)) ** 2, 0);
  const standardError = sxx === 0 ? 0 : Math.sqrt(residuals / (n - 2) / sxx);
  const span = Math.max(...points.map((p) => p.t)) - Math.min(...points.map((p) => p.t));
  const relativeChange = meanV === 0 ? 0 : (b * span) / Math.abs(meanV);
  return {
    perHour: b * 3600,
    standardErrorPerHour: standardError * 3600,
    relativeChange,
    flat: Math.abs(b) <= 2 * standardError || Math.abs(relativeChange) < tolerance,
  };
}
