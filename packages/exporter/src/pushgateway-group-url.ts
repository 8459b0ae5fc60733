/**
 * The Pushgateway URL of one worker's group, `<base>/metrics/job/<job>/task/<task>`, the
 * grouping key trainwatch pushes and flushes under.
 */
export function pushgatewayGroupUrl(
  baseUrl: string,
  { job, task }: { readonly job: string; readonly task: string },
): string {
  const base = baseUrl.replace(/\/+$/, "");
  return `${base}/metrics/job/${encodeURIComponent(job)}/task/${encodeURIComponent(task)}`;
}
