/**
 * The training overview of `job`, in Grafana's URL form, which every stack links to first: from
 * `fromMs` (epoch milliseconds, e.g. the stack's start) to now, else the last 30 minutes.
 */
export const overviewPath = (job: string, fromMs?: number): string =>
  `/d/trainwatch-training?var-job=${encodeURIComponent(job)}&var-task=All&from=${fromMs ?? "now-30m"}&to=now&refresh=5s`;
