import { dashboards } from "@trainwatch/grafana-dashboards";
import { legitimatelyEmpty } from "./legitimately-empty.js";

/** Grafana's substitutions for "All" and its built-in intervals. */
const substitute = (expr: string) =>
  expr
    .replaceAll("$__rate_interval", "1m")
    // the range queries below step 5 s, which Grafana would make $__interval
    .replaceAll("$__interval", "5s")
    .replaceAll("$__range", "5m")
    .replace(/\$(\w+)/g, ".*");

/** Every panel and annotation query of every dashboard, named `<uid> / <title> / <refId>`. */
export function dashboardQueries(): { where: string; expr: string }[] {
  return Object.values(dashboards()).flatMap((dashboard) => [
    ...(dashboard.panels ?? []).flatMap((panel) =>
      ((panel as { targets?: { expr: string; refId: string }[] }).targets ?? []).map((t) => ({
        where: `${dashboard.uid} / ${panel.title} / ${t.refId}`,
        expr: substitute(t.expr),
      })),
    ),
    ...(dashboard.annotations?.list ?? []).map((a) => ({
      where: `${dashboard.uid} / annotation ${a.name}`,
      expr: substitute((a as { expr?: string }).expr ?? ""),
    })),
  ]);
}

/** Which queries come back empty, counting series with `count`. */
export async function emptyQueries(count: (expr: string) => Promise<number>): Promise<string[]> {
  const empty: string[] = [];
  for (const { where, expr } of dashboardQueries())
    if ((await count(expr)) === 0) empty.push(where);
  return empty.sort();
}

/** The empty queries, each with why it may be empty (or UNEXPECTED). */
export const describeEmpty = (empty: readonly string[]) =>
  empty.map((w) => `${w} (${legitimatelyEmpty[w] ?? "UNEXPECTED"})`).join("; ") || "none";
