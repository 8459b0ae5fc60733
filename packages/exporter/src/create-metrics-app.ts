import { type AuthConfig, createAuthMiddleware, createServiceApp } from "@trainwatch/http-kit";
import type { Express, RequestHandler, Router } from "express";
import type { Registry } from "prom-client";
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
  /** Runs before every route, e.g. web.yml's headers and client-certificate policy. */
  readonly before?: RequestHandler;
}

/**
 * Creates the express app of an instrumented process: the serving kit's service app (`/healthz`,
 * `/favicon.ico`) with `GET /metrics` in the Prometheus text format or, when the scraper's Accept
 * header prefers it, OpenMetrics.
 */
export function createMetricsApp({
  registry,
  render = (format) => renderMetrics(registry, format),
  onScraped,
  auth = { kind: "none" },
  routes,
  before,
}: MetricsAppOptions): Express {
  const app = createServiceApp(before);
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
