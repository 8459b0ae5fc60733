import { dashboards } from "@trainwatch/grafana-dashboards";
import { queryRange } from "@trainwatch/harness";

/** The training overview's panel queries, as Grafana would send them for all jobs and tasks. */
export function overviewQueries(): string[] {
  const overview = Object.values(dashboards()).find((d) => d.uid === "trainwatch-training");
  return (overview?.panels ?? []).flatMap((panel) =>
    ((panel as { targets?: { expr: string }[] }).targets ?? []).map((t) =>
      t.expr
        .replaceAll("$__rate_interval", "1m")
        .replaceAll("$__interval", "15s")
        .replaceAll("$__range", "30m")
        .replace(/\$(\w+)/g, ".*"),
    ),
  );
}

/** Milliseconds to answer every overview query over the last 30 minutes (as the viewer asks). */
export async function timeOverview(url: string, queries: readonly string[]): Promise<number> {
  const end = Date.now() / 1000;
  const started = performance.now();
  await Promise.all(queries.map((q) => queryRange(url, q, { start: end - 1800, end, step: 15 })));
  return performance.now() - started;
}
