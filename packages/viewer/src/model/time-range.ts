/** A resolved time range, in milliseconds since the epoch. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

const unitMs: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

/** Parses a duration such as `30s`, `5m`, `1h30m` or `2d` into milliseconds; undefined if not one. */
export function parseDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w|M|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return undefined;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (unitMs[unit as string] ?? 0), 0);
}

/**
 * Resolves one end of a Grafana time range: `now`, `now-30m`, `now-1h/h` (rounded down to the
 * hour), epoch milliseconds (`1700000000000`, as Grafana's URLs carry them) or an ISO date.
 * Returns undefined for anything else.
 */
export function parseTime(text: string, now: number): number | undefined {
  const relative = /^now(?:([+-])([0-9a-zA-Z.]+))?(?:\/([smhdw]))?$/.exec(text);
  if (relative) {
    const [, sign, amount, round] = relative;
    const offset = amount === undefined ? 0 : parseDuration(amount);
    if (offset === undefined) return undefined;
    const at = now + (sign === "-" ? -offset : offset);
    const unit = round === undefined ? undefined : unitMs[round];
    return unit === undefined ? at : Math.floor(at / unit) * unit;
  }
  if (/^\d{10,}$/.test(text)) return Number(text);
  if (/^\d{4}-\d\d-\d\d/.test(text)) {
    const parsed = Date.parse(text);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

/** Resolves `from`/`to` as Grafana does; undefined when either is not a time or from ≥ to. */
export function resolveTimeRange(from: string, to: string, now: number): TimeRange | undefined {
  const start = parseTime(from, now);
  const end = parseTime(to, now);
  if (start === undefined || end === undefined || start >= end) return undefined;
  return { from: start, to: end };
}

/** Grafana's nice intervals, in milliseconds, that a computed step is rounded to. */
const niceSteps = [
  1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_200_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/**
 * The query step for a range drawn `maxDataPoints` wide, as Grafana chooses `$__interval`: the
 * range divided by the points, rounded up to a nice interval, never below `minIntervalMs` (the
 * datasource's scrape interval). In milliseconds.
 */
export function chooseStep(range: TimeRange, maxDataPoints: number, minIntervalMs: number): number {
  const raw = (range.to - range.from) / Math.max(1, maxDataPoints);
  const nice = niceSteps.find((s) => s >= raw) ?? Math.ceil(raw / 86_400_000) * 86_400_000;
  return Math.max(nice, minIntervalMs);
}

/** A duration in Prometheus' syntax: `90000` ms → `"90s"`, `1500` → `"1500ms"`. */
export function promDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.round(ms)}ms`;
}
