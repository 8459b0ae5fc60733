import { formatClock, formatDateTime, parseDateTime, type TimeZone } from "../model/format-time.js";
import { parseTime, resolveTimeRange, type TimeRange } from "../model/time-range.js";
import { element } from "./panel-view.js";
import { selectControl } from "./select-control.js";

/** The time ranges the picker offers, as in Grafana's quick ranges. */
export const quickRanges: readonly (readonly [string, string])[] = [
  ["now-5m", "Last 5 minutes"],
  ["now-15m", "Last 15 minutes"],
  ["now-30m", "Last 30 minutes"],
  ["now-1h", "Last 1 hour"],
  ["now-3h", "Last 3 hours"],
  ["now-6h", "Last 6 hours"],
  ["now-12h", "Last 12 hours"],
  ["now-24h", "Last 24 hours"],
];

/** A range that is not a quick one, as a person reads it: `21:11:40 to 21:12:25`. */
function describeRange(from: string, to: string, zone: TimeZone): string {
  const now = Date.now();
  const [start, end] = [parseTime(from, now), parseTime(to, now)];
  const sameDay =
    start !== undefined &&
    end !== undefined &&
    formatDateTime(start, zone).slice(0, 10) === formatDateTime(end, zone).slice(0, 10);
  const show = (text: string, at: number | undefined) => {
    if (at === undefined || text.startsWith("now")) return text;
    return sameDay ? formatClock(at, zone) : formatDateTime(at, zone);
  };
  return `${show(from, start)} to ${show(to, end)}`;
}

/** One end of the range as the picker's input shows it: `now-1h` as it is, a time as a date. */
const inputText = (text: string, zone: TimeZone) => {
  const at = parseTime(text, Date.now());
  return at === undefined || text.startsWith("now") ? text : formatDateTime(at, zone);
};

/**
 * What a person typed for one end of the range, in the URL's form: `now-…` as typed, a date
 * (`2026-12-06 13:05`, ISO 8601) as epoch milliseconds, as Grafana's URLs carry them.
 */
export function readRangeInput(text: string, zone: TimeZone): string | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("now")) return parseTime(trimmed, 0) === undefined ? undefined : trimmed;
  const at = parseDateTime(trimmed, zone);
  return at === undefined ? undefined : String(at);
}

/**
 * The time range picker: the quick ranges, and an absolute range (from/to inputs taking a date
 * or Grafana's `now-…`), every time written in the page's zone.
 */
export function timeRangeControl(
  from: string,
  to: string,
  zone: TimeZone,
  onChange: (from: string, to: string) => void,
): HTMLElement {
  const wrapper = element("div", "time-range");
  const quick = selectControl(
    "Time range",
    quickRanges,
    to === "now" ? from : "",
    (value) => onChange(value, "now"),
    "time-range",
    describeRange(from, to, zone),
  );
  const absolute = element("details", "control absolute-range");
  const summary = element("summary", "control-label", "From / to");
  const form = element("form", "absolute-form");
  const input = (name: string, value: string) => {
    const label = element("label", "absolute-field");
    const box = element("input");
    box.name = name;
    box.value = inputText(value, zone);
    box.placeholder = "2026-12-06 13:05:00 or now-1h";
    label.append(element("span", undefined, name === "from" ? "From" : "To"), box);
    return { label, box };
  };
  const [start, end] = [input("from", from), input("to", to)];
  const problem = element("div", "problem");
  problem.hidden = true;
  const apply = element("button", "absolute-apply", "Apply time range");
  apply.type = "submit";
  form.append(start.label, end.label, apply, problem);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const [a, b] = [readRangeInput(start.box.value, zone), readRangeInput(end.box.value, zone)];
    const bad = [
      ...(a === undefined ? [`From "${start.box.value}"`] : []),
      ...(b === undefined ? [`To "${end.box.value}"`] : []),
    ];
    const now = Date.now();
    const ordered =
      a !== undefined && b !== undefined && (parseTime(a, now) ?? 0) < (parseTime(b, now) ?? 0);
    problem.hidden = bad.length === 0 && ordered;
    if (bad.length > 0)
      problem.textContent = `${bad.join(" and ")}: not a time; write a date such as 2026-12-06 13:05:00, or now-1h`;
    else if (!ordered) problem.textContent = "From must be before To";
    else onChange(a as string, b as string);
  });
  absolute.append(summary, form);
  wrapper.append(quick, absolute);
  return wrapper;
}

/** The time zone switch: the browser's zone or UTC (Grafana's dashboard `timezone`). */
export const timeZoneControl = (zone: TimeZone, onChange: (zone: TimeZone) => void) =>
  selectControl(
    "Time zone",
    [
      ["browser", "Browser time"],
      ["utc", "UTC"],
    ],
    zone,
    (value) => onChange(value === "utc" ? "utc" : "browser"),
    "timezone",
  );

/**
 * The page's range resolved now; when `from`/`to` are not one, says so in `notices` (the three
 * pages show the same problem the same way) and returns undefined.
 */
export function resolveShownRange(
  from: string,
  to: string,
  notices: HTMLElement,
): TimeRange | undefined {
  const range = resolveTimeRange(from, to, Date.now());
  if (!range)
    notices.replaceChildren(element("div", "problem", `Not a time range: from=${from} to=${to}`));
  return range;
}
