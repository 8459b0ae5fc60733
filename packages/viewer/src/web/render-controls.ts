import type { TimeZone } from "../model/format-time.js";
import { allToken } from "../model/interpolate-expr.js";
import { element } from "./panel-view.js";
import type { ResolvedVariable } from "./resolve-variables.js";
import { selectControl } from "./select-control.js";
import { timeRangeControl, timeZoneControl } from "./time-range-control.js";

/** Auto-refresh intervals the picker offers; `""` is off. */
export const refreshIntervals = ["", "5s", "10s", "30s", "1m", "5m"] as const;

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

/**
 * Closes the header's open dropdowns (a variable's values, the absolute range) when a person
 * clicks outside them or presses Escape, as Grafana's do.
 */
export function closeDropdownsOutside(root: HTMLElement): void {
  const close = (keep?: EventTarget | null) => {
    for (const open of root.querySelectorAll<HTMLDetailsElement>("details.control[open]"))
      if (!(keep instanceof Node && open.contains(keep))) open.open = false;
  };
  document.addEventListener("pointerdown", (event) => close(event.target));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
}

/** What the header's controls show. */
export interface ControlsState {
  readonly variables: readonly ResolvedVariable[];
  readonly from: string;
  readonly to: string;
  readonly refresh: string;
  readonly timeZone: TimeZone;
}

/** What a change of each control asks the page to do. */
export interface ControlsHandlers {
  variable(name: string, selected: string[]): void;
  range(from: string, to: string): void;
  timeZone(zone: TimeZone): void;
  refresh(interval: string): void;
  refreshNow(): void;
}

/** The dashboard header's controls: variables, time range, auto-refresh, a refresh button. */
export function dashboardControls(state: ControlsState, on: ControlsHandlers): HTMLElement[] {
  const button = element("button", "refresh-now", "Refresh");
  button.addEventListener("click", () => on.refreshNow());
  return [
    ...state.variables.map((v) => variableControl(v, (selected) => on.variable(v.name, selected))),
    timeRangeControl(state.from, state.to, state.timeZone, (from, to) => on.range(from, to)),
    timeZoneControl(state.timeZone, (zone) => on.timeZone(zone)),
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
