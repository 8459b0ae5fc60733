// Checks PromQL against the catalog (tests of rules and dashboards); a subpath of its own, so that
// the stack, which imports this package at every start, does not load the PromQL parser.
import { parser } from "@prometheus-io/lezer-promql";
import { catalog } from "@trainwatch/catalog";
import { recorded } from "./selectors.js";

/**
 * Every series name a rule or a dashboard may select: the catalog's metrics (a histogram's
 * `_bucket`, `_sum` and `_count` series), the recording rules, and what Prometheus and the
 * Pushgateway add themselves (and the Prometheus metrics the pipeline alerts read).
 */
export const knownSeriesNames: ReadonlySet<string> = new Set([
  ...[...catalog.values()].flatMap((metric) =>
    // A histogram: its native form (the name itself) and its classic series.
    metric.type === "histogram"
      ? ["", "_bucket", "_sum", "_count"].map((suffix) => `${metric.name}${suffix}`)
      : [metric.name],
  ),
  ...Object.values(recorded),
  "ALERTS",
  "up",
  "scrape_duration_seconds",
  // An agent's own, for RemoteWriteBehind.
  "prometheus_remote_storage_highest_timestamp_in_seconds",
  "prometheus_remote_storage_queue_highest_sent_timestamp_seconds",
  "push_time_seconds",
  "push_failure_time_seconds",
]);

/**
 * Parses a PromQL expression with Prometheus' own grammar: how many syntax errors it has and the
 * series names its selectors name, e.g. `rate(training_steps_total[1m])` → `training_steps_total`.
 */
export function seriesNamesIn(expr: string): { errors: number; names: string[] } {
  let errors = 0;
  const names: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors += 1;
      if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector")
        names.push(expr.slice(node.from, node.to));
    },
  });
  return { errors, names };
}
