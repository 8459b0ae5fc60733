/**
 * Reads one series' value from a process's own /metrics (e.g. a trainer's); undefined when the
 * series is absent or the process no longer answers.
 *
 * @example await scrapeValue("http://127.0.0.1:9400", 'training_steps_total{job="j",task="t"}')
 */
export async function scrapeValue(baseUrl: string, series: string): Promise<number | undefined> {
  const response = await fetch(`${baseUrl}/metrics`).catch(() => undefined);
  if (!response) return undefined;
  const line = (await response.text()).split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
