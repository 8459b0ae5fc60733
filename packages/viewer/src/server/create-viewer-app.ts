import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type AuthConfig,
  createAuthMiddleware,
  createServiceApp,
  createWebConfigMiddleware,
  type LoadedWebConfig,
} from "@trainwatch/http-kit";
import express, { type Express, type Response } from "express";
import type { Dispatcher } from "undici";
import { createBatchQuery } from "./create-batch-query.js";
import { createPrometheusProxy, prometheusTarget } from "./create-prometheus-proxy.js";
import { type DashboardFile, loadDashboards } from "./load-dashboards.js";

/** The built page (vite's output): dist/web, from dist/server and from src/server alike. */
export const webDir: string = fileURLToPath(new URL("../../dist/web/", import.meta.url));

export interface ViewerAppOptions {
  /** The Prometheus whose read API the page queries, e.g. `http://127.0.0.1:9090`. */
  readonly prometheusUrl: string;
  /** A folder of Grafana dashboard JSON files. */
  readonly dashboardsDir: string;
  /** The datasource's scrape interval, the smallest step a panel queries (Grafana's `timeInterval`). */
  readonly scrapeIntervalMs: number;
  /** Who may see the page and query through it; `/healthz` stays open. Default: anyone. */
  readonly auth?: AuthConfig;
  /** web.yml's headers and client-certificate policy (its TLS is `startViewer`'s; its users in `auth`). */
  readonly web?: LoadedWebConfig;
  /** How it connects to Prometheus (default: fetch's global pool); `startViewer` gives a bounded one. */
  readonly dispatcher?: Dispatcher;
  /** The built page; default: this package's `dist/web`. */
  readonly webDir?: string;
}

/**
 * Creates the viewer's express app: the page at `/` (the list), `/d/<uid>` (Grafana's URLs) and
 * `/explore`, `/compare`, `GET /api/dashboards` and `/api/dashboards/uid/<uid>` from the folder,
 * `GET /api/settings` (the scrape interval), Prometheus' read API passed through, a refresh's
 * queries in one request (`POST /api/ds/query`), `GET /healthz`.
 */
export function createViewerApp(options: ViewerAppOptions): Express {
  const app = createServiceApp(options.web && createWebConfigMiddleware(options.web.config));
  const pageDir = options.webDir ?? webDir;
  const indexFile = `${pageDir}index.html`;
  app.use(createAuthMiddleware(options.auth ?? { kind: "none" }));
  // The folder is read on every request, so it may have gone: say so rather than a stack trace.
  const dashboardFiles = (res: Response): DashboardFile[] | undefined => {
    try {
      return loadDashboards(options.dashboardsDir);
    } catch (error) {
      const message = `cannot read ${options.dashboardsDir}: ${(error as Error).message}`;
      res.status(500).json({ error: message });
      return undefined;
    }
  };
  app.get("/api/settings", (_req, res) => {
    res.json({ scrapeIntervalMs: options.scrapeIntervalMs });
  });
  app.get("/api/dashboards", (_req, res) => {
    const files = dashboardFiles(res);
    if (!files) return;
    res.json(
      files.map(({ file, dashboard, error }) => ({
        file,
        uid: dashboard?.uid,
        title: dashboard?.title,
        tags: dashboard?.tags,
        error,
      })),
    );
  });
  app.get("/api/dashboards/uid/:uid", (req, res) => {
    const files = dashboardFiles(res);
    if (!files) return;
    const found = files.find((d) => d.dashboard?.uid === req.params.uid);
    if (!found?.dashboard) {
      res
        .status(404)
        .json({ error: `no dashboard with uid "${req.params.uid}" in ${options.dashboardsDir}` });
      return;
    }
    res.json({
      dashboard: found.dashboard,
      problems: found.problems,
      scrapeIntervalMs: options.scrapeIntervalMs,
    });
  });
  const target = prometheusTarget(options.prometheusUrl, options.dispatcher);
  app.use(createBatchQuery(target));
  app.use(createPrometheusProxy(target));
  app.use("/assets", express.static(`${pageDir}assets`, { immutable: true, maxAge: "1y" }));
  app.get(["/", "/explore", "/compare", /^\/d\/[^/]+(\/.*)?$/], (_req, res) => {
    if (!existsSync(indexFile)) {
      res
        .status(500)
        .type("text/plain")
        .send(`the viewer's page is not built: ${indexFile} is missing (run the build)\n`);
      return;
    }
    // Relative to its folder: a page installed under a dot-folder (~/.cache, ~/.local) is served.
    res.sendFile("index.html", { root: pageDir, headers: { "Cache-Control": "no-cache" } });
  });
  return app;
}
