import type { MatrixSeries, VectorSample } from "../model/prometheus-result.js";

interface PrometheusResponse<T> {
  status: "success" | "error";
  data?: T;
  errorType?: string;
  error?: string;
}

/** Prometheus' read API, through the viewer's read-only proxy on the same origin. */
export interface PrometheusClient {
  queryRange(expr: string, start: number, end: number, stepMs: number): Promise<MatrixSeries[]>;
  query(expr: string, time: number): Promise<VectorSample[]>;
  labelValues(
    label: string,
    match: string | undefined,
    start: number,
    end: number,
  ): Promise<string[]>;
}

/** Calls one read endpoint with a form body; rejects with Prometheus' own error text. */
async function call<T>(path: string, params: Record<string, string>): Promise<T> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  const text = await response.text();
  let body: PrometheusResponse<T>;
  try {
    body = JSON.parse(text) as PrometheusResponse<T>;
  } catch {
    throw new Error(`${response.status} ${response.statusText}: ${text.slice(0, 200)}`);
  }
  if (body.status !== "success" || body.data === undefined)
    throw new Error(`${body.errorType ?? response.status}: ${body.error ?? "no data"}`);
  return body.data;
}

const seconds = (ms: number) => String(ms / 1000);

/** A client for the Prometheus API under `base` (the viewer's origin by default). */
export function createPrometheusClient(base = ""): PrometheusClient {
  return {
    async queryRange(expr, start, end, stepMs) {
      const data = await call<{ result: MatrixSeries[] }>(`${base}/api/v1/query_range`, {
        query: expr,
        start: seconds(start),
        end: seconds(end),
        step: seconds(stepMs),
      });
      return data.result;
    },
    async query(expr, time) {
      const data = await call<{ resultType: string; result: VectorSample[] }>(
        `${base}/api/v1/query`,
        {
          query: expr,
          time: seconds(time),
        },
      );
      if (data.resultType !== "vector")
        throw new Error(`expected an instant vector, got a ${data.resultType}`);
      return data.result;
    },
    async labelValues(label, match, start, end) {
      const params = new URLSearchParams({ start: seconds(start), end: seconds(end) });
      if (match) params.append("match[]", match);
      const response = await fetch(
        `${base}/api/v1/label/${encodeURIComponent(label)}/values?${params}`,
      );
      const body = (await response.json()) as PrometheusResponse<string[]>;
      if (body.status !== "success" || !body.data)
        throw new Error(body.error ?? `HTTP ${response.status}`);
      return body.data;
    },
  };
}
