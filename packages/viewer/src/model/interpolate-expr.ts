import { promDuration } from "./time-range.js";

/** The values of Grafana's built-in interval variables, by name. */
function builtInValues({
  intervalMs,
  rangeMs,
  scrapeIntervalMs,
}: BuiltIns): Record<string, string> {
  return {
    __interval: promDuration(intervalMs),
    __interval_ms: String(intervalMs),
    __rate_interval: promDuration(Math.max(intervalMs + scrapeIntervalMs, 4 * scrapeIntervalMs)),
    __range: promDuration(Math.round(rangeMs / 1000) * 1000),
    __range_s: String(Math.round(rangeMs / 1000)),
    __range_ms: String(rangeMs),
  };
}

/** A template variable's current selection. */
export interface VariableValue {
  readonly name: string;
  /** Selected values; `["$__all"]` means All. */
  readonly selected: readonly string[];
  /** Every value the variable offers (what All stands for without an `allValue`). */
  readonly options: readonly string[];
  /** What All becomes in a query, when the dashboard sets one (`.*`). */
  readonly allValue?: string | null;
}

/** Grafana's built-in interval variables for one query. */
export interface BuiltIns {
  readonly intervalMs: number;
  readonly rangeMs: number;
  readonly scrapeIntervalMs: number;
}

/** The token a variable URL parameter uses for All, as in Grafana (`var-task=All` also works). */
export const allToken = "$__all";

const escapeRegex = (value: string) => value.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");

/** What a variable becomes inside a regex matcher (`=~`), as Grafana's Prometheus datasource does. */
export function variableRegex(variable: VariableValue): string {
  const isAll = variable.selected.includes(allToken);
  if (isAll && variable.allValue) return variable.allValue;
  const values = isAll ? variable.options : variable.selected;
  if (values.length === 1) return escapeRegex(values[0] as string);
  return `(${values.map(escapeRegex).join("|")})`;
}

/**
 * Replaces `$var`, `${var}`, `${var:regex}` and `[[var]]` with the variables' selections, and
 * Grafana's `$__interval`, `$__rate_interval`, `$__range` (and their `_ms`/`_s` forms).
 * `$__rate_interval` is max(`$__interval` + scrape interval, 4 × scrape interval), as in Grafana.
 * Without `builtIns` those stay as they are (for a query handed on to Explore, which sets them).
 */
export function interpolateExpr(
  expr: string,
  variables: readonly VariableValue[],
  builtIns?: BuiltIns,
): string {
  const special: Record<string, string> = builtIns ? builtInValues(builtIns) : {};
  const byName = new Map(variables.map((v) => [v.name, v]));
  return expr.replace(
    /\$(\w+)|\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]/g,
    (match, a?: string, b?: string, c?: string) => {
      const name = (a ?? b ?? c) as string;
      if (name in special) return special[name] as string;
      const variable = byName.get(name);
      return variable ? variableRegex(variable) : match;
    },
  );
}
