/**
 * Where times are shown: the browser's zone or UTC, as a Grafana dashboard's `timezone` field
 * says (`""` and `browser` mean the browser's).
 */
export type TimeZone = "browser" | "utc";

/** A dashboard's or URL's `timezone` as the viewer shows it; anything but `utc` is the browser's. */
export const parseTimeZone = (text: string | undefined): TimeZone =>
  text?.toLowerCase() === "utc" ? "utc" : "browser";

const two = (n: number) => String(n).padStart(2, "0");

/** The calendar fields of a time in a zone. */
function fields(ms: number, zone: TimeZone) {
  const d = new Date(ms);
  return zone === "utc"
    ? [
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
      ]
    : [
        d.getFullYear(),
        d.getMonth() + 1,
        d.getDate(),
        d.getHours(),
        d.getMinutes(),
        d.getSeconds(),
      ];
}

/** The one clock format of the page: 24 hours, `13:05:09`. */
export function formatClock(ms: number, zone: TimeZone): string {
  const [, , , h, m, s] = fields(ms, zone);
  return `${two(h as number)}:${two(m as number)}:${two(s as number)}`;
}

/** A date and time as the time picker writes it: `2026-12-06 13:05:09`. */
export function formatDateTime(ms: number, zone: TimeZone): string {
  const [y, mo, d] = fields(ms, zone);
  return `${y}-${two(mo as number)}-${two(d as number)} ${formatClock(ms, zone)}`;
}

/**
 * A time-axis label, as precise as the ticks' spacing needs: `13:05:09` below a minute, `13:05`
 * below a day, `12-06 13:05` above.
 */
export function formatAxisTime(ms: number, spacingMs: number, zone: TimeZone): string {
  const clock = formatClock(ms, zone);
  if (spacingMs < 60_000) return clock;
  if (spacingMs < 86_400_000) return clock.slice(0, 5);
  const [, mo, d] = fields(ms, zone);
  return `${two(mo as number)}-${two(d as number)} ${clock.slice(0, 5)}`;
}

/**
 * Reads a date and time a person typed in the picker (`2026-12-06 13:05`, with or without
 * seconds, or any ISO 8601 form) in the page's zone; an explicit offset or `Z` wins. Undefined
 * when it is none of these.
 */
export function parseDateTime(text: string, zone: TimeZone): number | undefined {
  const trimmed = text.trim().replace(" ", "T");
  if (!/^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$/.test(trimmed))
    return undefined;
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/.test(trimmed) && trimmed.includes("T");
  const withTime = trimmed.includes("T") ? trimmed : `${trimmed}T00:00`;
  const parsed = Date.parse(hasZone || zone === "browser" ? withTime : `${withTime}Z`);
  return Number.isNaN(parsed) ? undefined : parsed;
}
