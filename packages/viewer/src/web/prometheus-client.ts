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

/** A query waiting for the next batch. */
interface Pending {
  readonly query: Record<string, unknown>;
  resolve(data: unknown): void;
  reject(error: Error): void;
}

/** Prometheus' answer to one query: its data, or its own error text. */
function unwrap<T>(body: PrometheusResponse<T> | undefined, status: number): T {
  if (body?.status !== "success" || body.data === undefined)
    throw new Error(`${body?.errorType ?? status}: ${body?.error ?? "no data"}`);
  return body.data;
}

/**
 * Collects the queries asked within one task and sends them as one `POST /api/ds/query`: a
 * browser spends a few milliseconds of its main thread on each request, so a refresh's 25
 * queries cost one request's worth, not 25.
 */
function createBatcher(base: string) {
  let pending: Pending[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    try {
      const response = await fetch(`${base}/api/ds/query`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ queries: batch.map((p) => p.query) }),
      });
      const text = await response.text();
      let body: { results?: PrometheusResponse<unknown>[] } & PrometheusResponse<unknown>;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`${response.status} ${response.statusText}: ${text.slice(0, 200)}`);
      }
      if (!body.results) throw new Error(`${body.errorType ?? response.status}: ${body.error}`);
      batch.forEach((p, i) => {
        try {
          p.resolve(unwrap(body.results?.[i], response.status));
        } catch (error) {
          p.reject(error as Error);
        }
      });
    } catch (error) {
      for (const p of batch) p.reject(error as Error);
    }
  };
  return <T>(query: Record<string, unknown>) =>
    new Promise<T>((resolve, reject) => {
      if (pending.length === 0) setTimeout(() => void flush());
      pending.push({ query, resolve: resolve as (data: unknown) => void, reject });
    });
}

const seconds = (ms: number) => String(ms / 1000);

/**
 * A client for the Prometheus API under `base` (the viewer's origin by default); the queries
 * asked together go in one request.
 */
export function createPrometheusClient(base = ""): PrometheusClient {
  const ask = createBatcher(base);
  return {
    async queryRange(expr, start, end, stepMs) {
      const data = await ask<{ result: MatrixSeries[] }>({
        kind: "range",
        expr,
        start: start / 1000,
        end: end / 1000,
        step: stepMs / 1000,
      });
      return data.result;
    },
    async query(expr, time) {
      const data = await ask<{ resultType: string; result: VectorSample[] }>({
        kind: "instant",
        expr,
        time: time / 1000,
      });
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
