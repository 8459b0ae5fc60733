import { type AuthConfig, createAuthMiddleware, createServiceApp } from "@trainwatch/http-kit";
import type { Express, RequestHandler, Router } from "express";
import type { Registry } from "prom-client";
import { type RenderedScrape, renderScrape, type ScrapeFormat } from "./render-metrics.js";

const prometheusTextType = "text/plain;version=0.0.4";
const openMetricsType = "application/openmetrics-text;version=1.0.0";
/** Prometheus' protobuf, with the parameters its Accept header names it with. */
const protobufType =
  "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
const formats: Readonly<Record<string, ScrapeFormat>> = {
  [openMetricsType]: "openmetrics",
  [protobufType]: "protobuf",
};

export interface MetricsAppOptions {
  readonly registry: Registry;
  /** Renders a scrape; default: `registry` alone. */
  readonly render?: (format: ScrapeFormat) => Promise<RenderedScrape>;
  /** Called once a scrape's 200 answer is sent, with what `render` returned for it. */
  readonly onScraped?: (rendered: RenderedScrape) => void;
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
 * header prefers it, OpenMetrics or Prometheus' protobuf (which carries native histograms).
 */
export function createMetricsApp({
  registry,
  render = (format) => renderScrape(registry, format),
  onScraped,
  auth = { kind: "none" },
  routes,
  before,
}: MetricsAppOptions): Express {
  const app = createServiceApp(before);
  app.get("/metrics", createAuthMiddleware(auth), async (req, res, next) => {
    try {
      // Offered with their versions: an Accept entry with parameters matches only those.
      const wanted = req.accepts([prometheusTextType, openMetricsType, protobufType]);
      const rendered = await render((wanted && formats[wanted]) || "prometheus");
      const { body } = rendered;
      res
        .set("Content-Type", rendered.contentType)
        .send(
          typeof body === "string" ? body : Buffer.from(body.buffer, body.byteOffset, body.length),
        );
      if (onScraped) res.once("finish", () => onScraped(rendered));
    } catch (error) {
      next(error);
    }
  });
  if (routes) app.use(routes);
  return app;
}
