import { allToken } from "./interpolate-expr.js";

/** What a dashboard URL carries, as in Grafana: `?var-job=a&var-task=All&from=now-30m&to=now&refresh=5s`. */
export interface UrlState {
  /** Selected values by variable name; `["$__all"]` for All. */
  readonly variables: Readonly<Record<string, readonly string[]>>;
  readonly from?: string;
  readonly to?: string;
  /** An interval such as `5s`, or `""` for off; absent means the dashboard's default. */
  readonly refresh?: string;
  /** `utc` or `browser`; absent means the dashboard's. */
  readonly timezone?: string;
  /** The one panel shown full size. */
  readonly viewPanel?: number;
}

/** Reads a dashboard's URL query; `var-x=All` (and `$__all`) mean All. */
export function parseUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const variables: Record<string, string[]> = {};
  for (const [key, value] of params) {
    if (!key.startsWith("var-")) continue;
    const name = key.slice(4);
    variables[name] = [...(variables[name] ?? []), value === "All" ? allToken : value];
  }
  const get = (key: string) => params.get(key) ?? undefined;
  const viewPanel = Number(get("viewPanel"));
  return {
    variables,
    from: get("from"),
    to: get("to"),
    refresh: get("refresh"),
    timezone: get("timezone"),
    ...(Number.isInteger(viewPanel) && viewPanel > 0 && { viewPanel }),
  };
}

/** Writes the state back as Grafana does, so a link works in both. */
export function formatUrlState(state: UrlState): string {
  const params = new URLSearchParams();
  for (const [name, values] of Object.entries(state.variables))
    for (const value of values) params.append(`var-${name}`, value === allToken ? "All" : value);
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  if (state.refresh !== undefined) params.set("refresh", state.refresh);
  if (state.timezone) params.set("timezone", state.timezone);
  if (state.viewPanel !== undefined) params.set("viewPanel", String(state.viewPanel));
  return params.toString().replaceAll("%24", "$");
}
