import type { Dashboard, Variable } from "../model/dashboard-schema.js";
import { interpolateExpr, type VariableValue } from "../model/interpolate-expr.js";
import { parseLabelValuesQuery } from "../model/label-values-query.js";
import { selectVariableValues, staticVariableOptions } from "../model/select-variable-values.js";
import type { TimeRange } from "../model/time-range.js";
import type { UrlState } from "../model/url-state.js";
import type { PrometheusClient } from "./prometheus-client.js";

/** A variable with its options and selection, ready for a selector and for queries. */
export interface ResolvedVariable extends VariableValue {
  readonly variable: Variable;
  /** Why its options could not be loaded, if they could not. */
  readonly problem?: string;
}

async function optionsOf(
  variable: Variable,
  before: readonly VariableValue[],
  client: PrometheusClient,
  range: TimeRange,
): Promise<string[]> {
  if (variable.type !== "query") return staticVariableOptions(variable);
  const query = typeof variable.query === "string" ? variable.query : (variable.query?.query ?? "");
  const parsed = parseLabelValuesQuery(query);
  if (!parsed) throw new Error(`only label_values(…) queries are supported (got "${query}")`);
  const builtIns = { intervalMs: 60_000, rangeMs: range.to - range.from, scrapeIntervalMs: 15_000 };
  const match =
    parsed.match === undefined ? undefined : interpolateExpr(parsed.match, before, builtIns);
  const values = await client.labelValues(parsed.label, match, range.from, range.to);
  return [...values].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/**
 * Loads every variable's options in dashboard order (a later one may use an earlier one, as
 * `task` uses `$job`) and picks its selection from the URL, the saved value or the default.
 */
export async function resolveVariables(
  dashboard: Dashboard,
  url: UrlState,
  client: PrometheusClient,
  range: TimeRange,
): Promise<ResolvedVariable[]> {
  const resolved: ResolvedVariable[] = [];
  for (const variable of dashboard.templating.list) {
    let options: string[] = [];
    let problem: string | undefined;
    try {
      options = await optionsOf(variable, resolved, client, range);
    } catch (error) {
      problem = (error as Error).message;
    }
    resolved.push({
      variable,
      name: variable.name,
      options,
      allValue: variable.allValue,
      selected: selectVariableValues(variable, url.variables[variable.name], options),
      problem,
    });
  }
  return resolved;
}
