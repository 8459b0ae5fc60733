/** Credentials for Grafana's HTTP API; none: the anonymous viewer. */
export interface GrafanaAuth {
  readonly user: string;
  readonly password: string;
}

const headers = (auth?: GrafanaAuth): Record<string, string> => ({
  "content-type": "application/json",
  ...(auth && {
    authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString("base64")}`,
  }),
});

/** GETs a Grafana API path and returns its JSON; throws with the status and body otherwise. */
export async function grafanaApi<T>(
  grafanaUrl: string,
  path: string,
  auth?: GrafanaAuth,
): Promise<T> {
  const response = await fetch(`${grafanaUrl}${path}`, { headers: headers(auth) });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Runs a PromQL range query through Grafana's query API (`/api/ds/query`), as a dashboard panel
 * does, over the last `seconds`; returns how many series (data frames with rows) came back.
 *
 * @throws Error with Grafana's message when the query fails.
 */
export async function queryGrafana(
  grafanaUrl: string,
  expr: string,
  {
    datasourceUid = "trainwatch-prometheus",
    seconds = 300,
    auth,
  }: { datasourceUid?: string; seconds?: number; auth?: GrafanaAuth } = {},
): Promise<number> {
  const response = await fetch(`${grafanaUrl}/api/ds/query`, {
    method: "POST",
    headers: headers(auth),
    body: JSON.stringify({
      from: `now-${seconds}s`,
      to: "now",
      queries: [
        {
          refId: "A",
          datasource: { type: "prometheus", uid: datasourceUid },
          expr,
          range: true,
          instant: false,
          intervalMs: 5000,
          maxDataPoints: 200,
        },
      ],
    }),
  });
  const body = (await response.json()) as {
    message?: string;
    results?: Record<string, { error?: string; frames?: { data?: { values?: unknown[][] } }[] }>;
  };
  const result = body.results?.A;
  if (!response.ok || !result || result.error)
    throw new Error(
      `Grafana query ${expr} failed: ${response.status} ${result?.error ?? body.message ?? ""}`,
    );
  return (result.frames ?? []).filter((f) => (f.data?.values?.[0]?.length ?? 0) > 0).length;
}
