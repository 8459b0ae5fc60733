import { waitFor } from "@trainwatch/cli-kit";

/** One series of an instant-query result, its value parsed ("NaN" and "+Inf" included). */
export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * Runs an instant PromQL query through Prometheus' HTTP API, now or at `time` (Unix seconds).
 *
 * @throws Error with Prometheus' own message when the query fails.
 */
export async function queryPrometheus(
  prometheusUrl: string,
  promql: string,
  { time }: { time?: number } = {},
): Promise<Sample[]> {
  const params = new URLSearchParams({
    query: promql,
    ...(time !== undefined && { time: String(time) }),
  });
  const response = await fetch(`${prometheusUrl}/api/v1/query?${params}`);
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: {
      resultType: string;
      result: { metric: Record<string, string>; value: [number, string] }[];
    };
  };
  if (body.status !== "success" || !body.data)
    throw new Error(`query ${promql} failed: ${body.error}`);
  if (body.data.resultType !== "vector")
    throw new Error(`query ${promql} gave a ${body.data.resultType}, not a vector`);
  return body.data.result.map(({ metric, value }) => ({ metric, value: Number(value[1]) }));
}

/** Polls a query until `accept` holds for its samples; the time-out names the query. */
export async function waitForQuery(
  prometheusUrl: string,
  promql: string,
  accept: (samples: Sample[]) => boolean,
  { timeoutMs = 30_000, what = "" } = {},
): Promise<Sample[]> {
  return waitFor(
    async () => {
      const samples = await queryPrometheus(prometheusUrl, promql);
      return accept(samples) && samples;
    },
    { what: `${what || "a result"} from \`${promql}\``, timeoutMs, intervalMs: 100 },
  );
}

/** One series of a range-query result: its labels and `[unix seconds, value]` points. */
export interface RangeSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly points: readonly (readonly [number, number])[];
}

/**
 * Runs a range query (as Grafana's time-series panels do) from `start` to `end` (Unix seconds).
 *
 * @throws Error with Prometheus' own message when the query fails.
 */
export async function queryRange(
  prometheusUrl: string,
  promql: string,
  { start, end, step }: { start: number; end: number; step: number },
): Promise<RangeSeries[]> {
  const params = new URLSearchParams({
    query: promql,
    start: String(start),
    end: String(end),
    step: String(step),
  });
  const body = (await (await fetch(`${prometheusUrl}/api/v1/query_range?${params}`)).json()) as {
    status: string;
    error?: string;
    data?: { result: { metric: Record<string, string>; values: [number, string][] }[] };
  };
  if (body.status !== "success" || !body.data)
    throw new Error(`range query ${promql} failed: ${body.error}`);
  return body.data.result.map(({ metric, values }) => ({
    metric,
    points: values.map(([t, v]) => [t, Number(v)] as const),
  }));
}

/** Runs a range query over the last `seconds` and returns how many series it found. */
export async function countRangeSeries(
  prometheusUrl: string,
  promql: string,
  { seconds = 300, step = 5 } = {},
): Promise<number> {
  const end = Date.now() / 1000;
  return (await queryRange(prometheusUrl, promql, { start: end - seconds, end, step })).length;
}

/**
 * Waits until `runs` runs have ended in one of `states` and their final state, pushed to the
 * Pushgateway (`instance=""`), has been scraped by Prometheus.
 */
export function waitForFinalStates(
  prometheusUrl: string,
  runs: number,
  { states = "completed", timeoutMs = 180_000 } = {},
): Promise<Sample[]> {
  return waitForQuery(
    prometheusUrl,
    `training_status{state=~"${states}", instance=""} == 1`,
    (s) => s.length === runs,
    { what: `${runs} runs to end (${states}) and their final state to be scraped`, timeoutMs },
  );
}
