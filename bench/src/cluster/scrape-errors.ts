/** A target as Prometheus' `/api/v1/targets` lists it (the fields read here). */
export interface ListedTarget {
  readonly health: string;
  readonly lastError: string;
  readonly lastScrapeDuration: number;
}

/**
 * Why targets are down, counted: each `lastError` with its addresses, paths and numbers taken
 * out (so 2,000 timeouts are one line), the most frequent first, e.g.
 * `{ "Get \"http://…\": context deadline exceeded": 1995 }`.
 */
export function countScrapeErrors(targets: readonly ListedTarget[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const t of targets) {
    if (t.health === "up") continue;
    const error = (t.lastError || `health ${t.health}, no error given`)
      .replace(/https?:\/\/[^\s"]+/g, "http://…")
      .replace(/\d+(\.\d+)?/g, "N");
    counts.set(error, (counts.get(error) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}

/** The targets every agent scrapes, with their health and last error; an unanswering agent adds none. */
export async function listTargets(agentUrls: readonly string[]): Promise<ListedTarget[]> {
  const lists = await Promise.all(
    agentUrls.map(async (url) => {
      try {
        const response = await fetch(`${url}/api/v1/targets?state=active`, {
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json()) as { data: { activeTargets: ListedTarget[] } };
        return body.data.activeTargets;
      } catch {
        return []; // an agent too busy to answer: its targets are counted by `up` at Query
      }
    }),
  );
  return lists.flat();
}
