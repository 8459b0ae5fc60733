/** A series' labels, `__name__` included when Prometheus returned it. */
export type Labels = Readonly<Record<string, string>>;

/** Prometheus' way of writing a series: `name{a="1", b="2"}`. */
export function seriesName(labels: Labels): string {
  const { __name__: name = "", ...rest } = labels;
  const pairs = Object.entries(rest).map(([k, v]) => `${k}="${v}"`);
  return pairs.length === 0 ? name || "{}" : `${name}{${pairs.join(", ")}}`;
}

/**
 * A series' legend from a Grafana `legendFormat`: `{{task}} train` → `worker-0 train`; a label the
 * series lacks becomes empty, as in Grafana. Without a format (or `__auto`), the series name.
 */
export function formatLegend(format: string | undefined, labels: Labels): string {
  if (format === undefined || format === "" || format === "__auto") return seriesName(labels);
  return format.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, name: string) => labels[name] ?? "");
}
