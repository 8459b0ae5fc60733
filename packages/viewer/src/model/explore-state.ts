import type { Panel } from "./dashboard-schema.js";
import { interpolateExpr, type VariableValue } from "./interpolate-expr.js";

/** What an Explore URL carries: `/explore?expr=rate(x[1m])&expr=y&from=now-1h&to=now`. */
export interface ExploreState {
  /** The PromQL queries, A first; at least one (empty when none was given). */
  readonly exprs: readonly string[];
  readonly from: string;
  readonly to: string;
}

/** Explore's time range when the URL names none. */
export const defaultExploreRange = { from: "now-1h", to: "now" } as const;

/** Reads an Explore URL's query string; every `expr` is a query, in order. */
export function parseExploreState(search: string): ExploreState {
  const params = new URLSearchParams(search);
  const exprs = params.getAll("expr");
  return {
    exprs: exprs.length > 0 ? exprs : [""],
    from: params.get("from") ?? defaultExploreRange.from,
    to: params.get("to") ?? defaultExploreRange.to,
  };
}

/** Writes the state back, so the URL opens the same queries over the same range. */
export function formatExploreState(state: ExploreState): string {
  const params = new URLSearchParams();
  for (const expr of state.exprs) params.append("expr", expr);
  params.set("from", state.from);
  params.set("to", state.to);
  return params.toString();
}

/** The refId of the `index`-th query, as Grafana names them: A, B, … */
export const refIdOf = (index: number): string => String.fromCharCode(65 + (index % 26));

/**
 * The Explore link of a panel, as Grafana's panel menu gives it: its visible queries with the
 * dashboard's variables filled in (the built-in intervals left for Explore to set), over the
 * dashboard's range. Undefined for a panel without queries.
 */
export function panelExploreHref(
  panel: Pick<Panel, "targets">,
  variables: readonly VariableValue[],
  range: { readonly from: string; readonly to: string },
): string | undefined {
  const exprs = panel.targets
    .filter((t) => !t.hide && t.expr.trim() !== "")
    .map((t) => interpolateExpr(t.expr, variables));
  return exprs.length === 0
    ? undefined
    : `/explore?${formatExploreState({ exprs, from: range.from, to: range.to })}`;
}
