import express, { type Router } from "express";
import { fetch } from "undici";
import { z } from "zod";
import type { PrometheusTarget } from "./create-prometheus-proxy.js";

/** The most queries one batch may carry: a dashboard's refresh, with room to spare. */
export const maxBatchQueries = 200;

const seconds = z.number().finite().nonnegative();
const batchQuery = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("range"),
    expr: z.string().min(1),
    start: seconds,
    end: seconds,
    step: z.number().positive(),
  }),
  z.object({ kind: z.literal("instant"), expr: z.string().min(1), time: seconds }),
]);

/** What `POST /api/ds/query` takes: Prometheus queries, range or instant, times in seconds. */
export const batchRequestSchema = z.object({
  queries: z.array(batchQuery).min(1).max(maxBatchQueries),
});
export type BatchQuery = z.output<typeof batchQuery>;

/** One query asked of Prometheus: its own JSON answer, or an `unavailable` error in its shape. */
async function ask(target: PrometheusTarget, query: BatchQuery): Promise<unknown> {
  const [path, form] =
    query.kind === "range"
      ? [
          "query_range",
          {
            query: query.expr,
            start: String(query.start),
            end: String(query.end),
            step: String(query.step),
          },
        ]
      : ["query", { query: query.expr, time: String(query.time) }];
  try {
    const response = await fetch(`${target.url}/api/v1/${path}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        ...(target.authorization && { Authorization: target.authorization }),
      },
      body: new URLSearchParams(form),
      signal: AbortSignal.timeout(60_000),
      dispatcher: target.dispatcher,
    });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return {
        status: "error",
        errorType: String(response.status),
        error: `${response.statusText}: ${text.slice(0, 200)}`,
      };
    }
  } catch (error) {
    return {
      status: "error",
      errorType: "unavailable",
      error: `Prometheus at ${target.url} did not answer: ${(error as Error).message}`,
    };
  }
}

/**
 * `POST /api/ds/query` (Grafana's name for the same thing): the queries of one refresh in one
 * request, `{"queries": [{"kind": "range", "expr", "start", "end", "step"} | {"kind": "instant",
 * "expr", "time"}]}`, each asked of Prometheus at once; the answer is `{"results": [...]}`, each
 * Prometheus' own JSON for its query, errors included. A browser pays a few milliseconds of main
 * thread per request: a refresh of 25 queries is one request instead of 25.
 */
export function createBatchQuery(target: PrometheusTarget): Router {
  const router = express.Router();
  router.post("/api/ds/query", express.json({ limit: "1mb" }), async (req, res) => {
    const parsed = batchRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({
        status: "error",
        errorType: "bad_data",
        error: `expected {"queries": [1–${maxBatchQueries} range or instant queries]}: ${parsed.error.issues
          .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
          .join("; ")}`,
      });
      return;
    }
    res.json({ results: await Promise.all(parsed.data.queries.map((q) => ask(target, q))) });
  });
  return router;
}
