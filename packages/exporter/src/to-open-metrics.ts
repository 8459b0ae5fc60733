/** The OpenMetrics 1.0 content type `/metrics` answers with when a scraper asks for it. */
export const openMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/**
 * Turns prom-client's Prometheus text exposition into OpenMetrics: counter families are named
 * without `_total` in their HELP/TYPE lines (samples keep it) and the text ends in `# EOF`.
 * (prom-client's own OpenMetrics registry renames shared counter objects in place, which would
 * break the Prometheus-format scrape that follows, so the text is converted instead.)
 */
export function toOpenMetrics(prometheusText: string): string {
  const counters = new Set<string>();
  for (const match of prometheusText.matchAll(/^# TYPE (\S+)_total counter$/gm)) {
    counters.add(match[1] as string);
  }
  const body = prometheusText
    .replace(/^# (HELP|TYPE) (\S+)_total /gm, (line, kind: string, stem: string) =>
      counters.has(stem) ? `# ${kind} ${stem} ` : line,
    )
    .replace(/\n+/g, "\n")
    .replace(/^\n/, "");
  return `${body.endsWith("\n") || body === "" ? body : `${body}\n`}# EOF\n`;
}
