import express, { type Express, type Router } from "express";
import type { Registry } from "prom-client";
import type { AuthConfig } from "./auth-config.js";
import { createAuthMiddleware } from "./create-auth-middleware.js";
import { type ExpositionFormat, type RenderedMetrics, renderMetrics } from "./render-metrics.js";

const prometheusTextType = "text/plain;version=0.0.4";
const openMetricsType = "application/openmetrics-text;version=1.0.0";

export interface MetricsAppOptions {
  readonly registry: Registry;
  /** Renders a scrape; default: `registry` alone. */
  readonly render?: (format: ExpositionFormat) => Promise<RenderedMetrics>;
  /** Called once a scrape's 200 answer is sent, with what `render` returned for it. */
  readonly onScraped?: (rendered: RenderedMetrics) => void;
  /** Guards `/metrics`; `/healthz` stays open for liveness probes. Default: none. */
  readonly auth?: AuthConfig;
  /** Extra routes, e.g. a trainer's `/control`, mounted after the built-in ones. */
  readonly routes?: Router;
}

/**
 * Creates the express app of an instrumented process: `GET /metrics` in the Prometheus text
 * format or, when the scraper's Accept header prefers it, OpenMetrics; `GET /healthz`; an empty
 * `GET /favicon.ico`.
 */
export function createMetricsApp({
  registry,
  render = (format) => renderMetrics(registry, format),
  onScraped,
  auth = { kind: "none" },
  routes,
}: MetricsAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.type("text/plain").send("ok\n");
  });
  // A browser that opens /metrics asks for an icon: there is none, which is no error.
  app.get("/favicon.ico", (_req, res) => {
    res.status(204).end();
  });
  app.get("/metrics", createAuthMiddleware(auth), async (req, res, next) => {
    try {
      // Offered with their versions: an Accept entry with parameters matches only those.
      const wanted = req.accepts([prometheusTextType, openMetricsType]);
      const rendered = await render(wanted === openMetricsType ? "openmetrics" : "prometheus");
      res.set("Content-Type", rendered.contentType).send(rendered.body);
      if (onScraped) res.once("finish", () => onScraped(rendered));
    } catch (error) {
      next(error);
    }
  });
  if (routes) app.use(routes);
  return app;
}
