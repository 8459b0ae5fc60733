import { allToken } from "../model/interpolate-expr.js";
import { parseTime } from "../model/time-range.js";
import { element } from "./panel-view.js";
import type { ResolvedVariable } from "./resolve-variables.js";

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

/** Auto-refresh intervals the picker offers; `""` is off. */
export const refreshIntervals = ["", "5s", "10s", "30s", "1m", "5m"] as const;

/** A labelled `<select>` whose change calls `onChange` with the chosen value. */
export function selectControl(
  label: string,
  options: readonly (readonly [string, string])[],
  value: string,
  onChange: (value: string) => void,
  name: string,
  /** How to show `value` when it is none of the options (an absolute range, say). */
  shownValue?: string,
): HTMLElement {
  const wrapper = element("label", "control");
  const select = element("select");
  select.name = name;
  for (const [v, text] of options) select.append(new Option(text, v, false, v === value));
  if (!options.some(([v]) => v === value))
    select.append(new Option(shownValue ?? value, value, false, true));
  select.addEventListener("change", () => onChange(select.value));
  wrapper.append(element("span", "control-label", label), select);
  return wrapper;
}

/**
 * A variable's selector: a dropdown of checkboxes for a multi-value variable (All first, when
 * offered), a plain select otherwise. Calls `onChange` with the new selection.
 */
export function variableControl(
  resolved: ResolvedVariable,
  onChange: (selected: string[]) => void,
): HTMLElement {
  const { variable, options, selected } = resolved;
  const label = variable.label ?? variable.name;
  const choices: [string, string][] = [
    ...(variable.includeAll ? [[allToken, "All"] as [string, string]] : []),
    ...options.map((o): [string, string] => [o, o]),
  ];
  if (variable.hide === 2) return element("span");
  if (!variable.multi)
    return selectControl(
      label,
      choices,
      selected[0] ?? "",
      (v) => onChange([v]),
      `var-${variable.name}`,
    );
  const wrapper = element("details", "control multi");
  wrapper.dataset.variable = variable.name;
  const summary = element("summary");
  const shown = selected.includes(allToken) ? "All" : selected.join(" + ") || "none";
  summary.append(element("span", "control-label", label), element("span", "control-value", shown));
  const list = element("div", "multi-options");
  for (const [value, text] of choices) {
    const row = element("label", "multi-option");
    const box = element("input");
    box.type = "checkbox";
    box.value = value;
    box.checked = selected.includes(value);
    box.addEventListener("change", () => {
      const checked = [...list.querySelectorAll("input")]
        .filter((i) => i.checked)
        .map((i) => i.value);
      const next =
        value === allToken && box.checked ? [allToken] : checked.filter((v) => v !== allToken);
      onChange(next.length > 0 ? next : variable.includeAll ? [allToken] : []);
    });
    row.append(box, document.createTextNode(text));
    list.append(row);
  }
  if (resolved.problem) list.append(element("div", "problem", resolved.problem));
  wrapper.append(summary, list);
  return wrapper;
}

/** A range that is not a quick one, as a person reads it: `21:11:40 to 21:12:25`. */
function describeRange(from: string, to: string): string {
  const show = (text: string) => {
    const at = parseTime(text, Date.now());
    return at === undefined || text.startsWith("now") ? text : new Date(at).toLocaleTimeString();
  };
  return `${show(from)} to ${show(to)}`;
}

/** The time range picker: the quick ranges, and an absolute range shown as times. */
export function timeRangeControl(
  from: string,
  to: string,
  onChange: (from: string) => void,
): HTMLElement {
  return selectControl(
    "Time range",
    quickRanges,
    from,
    onChange,
    "time-range",
    describeRange(from, to),
  );
}

/** What the header's controls show. */
export interface ControlsState {
  readonly variables: readonly ResolvedVariable[];
  readonly from: string;
  readonly to: string;
  readonly refresh: string;
}

/** What a change of each control asks the page to do. */
export interface ControlsHandlers {
  variable(name: string, selected: string[]): void;
  range(from: string): void;
  refresh(interval: string): void;
  refreshNow(): void;
}

/** The dashboard header's controls: variables, time range, auto-refresh, a refresh button. */
export function dashboardControls(state: ControlsState, on: ControlsHandlers): HTMLElement[] {
  const button = element("button", "refresh-now", "Refresh");
  button.addEventListener("click", () => on.refreshNow());
  return [
    ...state.variables.map((v) => variableControl(v, (selected) => on.variable(v.name, selected))),
    timeRangeControl(state.from, state.to, (value) => on.range(value)),
    selectControl(
      "Refresh",
      refreshIntervals.map((r) => [r, r === "" ? "Off" : r] as const),
      state.refresh,
      (value) => on.refresh(value),
      "refresh",
    ),
    button,
  ];
}
