import express, { type Router } from "express";
import { type Dispatcher, fetch } from "undici";

/** Prometheus' read endpoints, the only ones the viewer passes through (what Explore completes from). */
export const readEndpoints: readonly RegExp[] = [
  /^\/api\/v1\/query$/,
  /^\/api\/v1\/query_range$/,
  /^\/api\/v1\/series$/,
  /^\/api\/v1\/labels$/,
  // Metric types and help, for the editor's completion.
  /^\/api\/v1\/metadata$/,
  // A label name, never a dot segment that Prometheus' router would resolve to another path.
  /^\/api\/v1\/label\/(?!\.\.?\/)[^/]+\/values$/,
];

/** Where the upstream Prometheus is, the Authorization header it needs, if any, and how to connect. */
export interface PrometheusTarget {
  readonly url: string;
  readonly authorization?: string;
  /**
   * The connections its queries share (an undici `Agent`): a refresh's queries then queue on a
   * few kept-alive connections instead of opening one each, which idle out seconds later.
   */
  readonly dispatcher?: Dispatcher;
}

/**
 * A URL's user and password (`http://user:pass@host:9090`) become a basic Authorization header;
 * fetch refuses credentials in a URL.
 */
export function prometheusTarget(url: string, dispatcher?: Dispatcher): PrometheusTarget {
  const parsed = new URL(url);
  const authorization =
    parsed.username !== ""
      ? `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString("base64")}`
      : undefined;
  parsed.username = "";
  parsed.password = "";
  return { url: parsed.toString().replace(/\/$/, ""), authorization, dispatcher };
}

/**
 * A router that passes Prometheus' read API (`query`, `query_range`, `series`, `labels`,
 * `label/<name>/values`, `metadata`, GET or form POST) to `target` and answers every other `/api/v1/…` path
 * with 403: no admin, lifecycle, write or status endpoint is reachable through the viewer.
 * Prometheus' own status and error body come back as they are; an unreachable Prometheus is a
 * 502 in Prometheus' error shape, so the page shows it in the panel.
 */
export function createPrometheusProxy(target: PrometheusTarget): Router {
  const router = express.Router();
  router.use(
    "/api/v1",
    express.text({ type: "application/x-www-form-urlencoded", limit: "256kb" }),
  );
  router.all(/^\/api\/v1\/.*/, async (req, res) => {
    const allowed = readEndpoints.some((r) => r.test(req.path));
    if (!allowed || (req.method !== "GET" && req.method !== "POST")) {
      res.status(403).json({
        status: "error",
        errorType: "forbidden",
        error: `the dashboard viewer passes only Prometheus' read API (query, query_range, series, labels, label values, metadata), not ${req.method} ${req.path}`,
      });
      return;
    }
    const query = req.url.includes("?") ? req.url.slice(req.url.indexOf("?")) : "";
    const form = req.method === "POST" && typeof req.body === "string" ? req.body : undefined;
    try {
      const upstream = await fetch(`${target.url}${req.path}${query}`, {
        method: req.method,
        headers: {
          ...(target.authorization && { Authorization: target.authorization }),
          ...(form && { "Content-Type": "application/x-www-form-urlencoded" }),
        },
        body: form,
        signal: AbortSignal.timeout(60_000),
        dispatcher: target.dispatcher,
      });
      res
        .status(upstream.status)
        .type(upstream.headers.get("content-type") ?? "application/json")
        .send(Buffer.from(await upstream.arrayBuffer()));
    } catch (error) {
      res.status(502).json({
        status: "error",
        errorType: "unavailable",
        error: `Prometheus at ${target.url} did not answer: ${(error as Error).message}`,
      });
    }
  });
  return router;
}
