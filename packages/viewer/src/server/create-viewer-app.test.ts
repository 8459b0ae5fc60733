import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dashboardsDir } from "@trainwatch/grafana-dashboards";
import type { HttpServer } from "@trainwatch/http-kit";
import { type ServiceHandle, startPrometheus } from "@trainwatch/native-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startViewer } from "./start-viewer.js";

let prometheus: ServiceHandle;
let viewer: HttpServer;
const folder = mkdtempSync(join(tmpdir(), "viewer-dashboards-"));

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "viewer-prometheus-"));
  const configFile = join(dir, "prometheus.yml");
  writeFileSync(configFile, "global: {scrape_interval: 1s}\nscrape_configs: []\n");
  prometheus = await startPrometheus({ configFile, dir });
  for (const f of readdirSync(dashboardsDir)) copyFileSync(join(dashboardsDir, f), join(folder, f));
  writeFileSync(join(folder, "broken.json"), "{ not json");
  viewer = await startViewer({
    host: "127.0.0.1",
    port: 0,
    prometheusUrl: prometheus.url,
    dashboardsDir: folder,
    scrapeIntervalMs: 1000,
  });
}, 60_000);

afterAll(async () => {
  await viewer?.close();
  await prometheus?.stop();
});

const get = (path: string, init?: RequestInit) => fetch(`${viewer.url}${path}`, init);

/** The status of a GET sent with `path` exactly as written (fetch would normalise dot segments). */
const rawStatus = (path: string) =>
  new Promise<number | undefined>((resolve, reject) => {
    const { hostname, port } = new URL(viewer.url);
    request({ hostname, port, path, method: "GET" }, (response) => {
      response.resume();
      resolve(response.statusCode);
    })
      .on("error", reject)
      .end();
  });

describe("createViewerApp", () => {
  it("passes Prometheus' read API through, GET and form POST", async () => {
    const instant = await (await get("/api/v1/query?query=vector(1)")).json();
    expect(instant).toMatchObject({ status: "success", data: { resultType: "vector" } });
    const range = await get("/api/v1/query_range", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        query: "vector(2)",
        start: "1700000000",
        end: "1700000060",
        step: "15",
      }),
    });
    expect(await range.json()).toMatchObject({ status: "success", data: { resultType: "matrix" } });
    // what Explore's editor completes from
    for (const path of [
      "/api/v1/labels",
      "/api/v1/label/job/values",
      "/api/v1/series?match[]=up",
      "/api/v1/metadata",
    ])
      expect((await get(path)).status, path).toBe(200);
  });

  it("refuses every other Prometheus endpoint, so nothing can be deleted or shut down through it", async () => {
    for (const [method, path] of [
      ["POST", "/api/v1/admin/tsdb/delete_series?match[]=up"],
      ["GET", "/api/v1/status/config"],
      ["GET", "/api/v1/targets"],
      ["GET", "/api/v1/status/flags"],
      ["GET", "/api/v1/format_query?query=up"],
      ["DELETE", "/api/v1/query"],
    ] as const) {
      const response = await get(path, { method });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect((await response.json()).error).toContain("only Prometheus' read API");
    }
    expect(await rawStatus("/api/v1/label/../values")).toBe(403); // a dot segment, not normalised
    expect((await get("/-/quit", { method: "POST" })).status).toBe(404);
    expect((await fetch(`${prometheus.url}/-/ready`)).status).toBe(200);
  });

  it("returns Prometheus' own error for a bad query, for the panel to show", async () => {
    const response = await get("/api/v1/query?query=rate(up");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: "error", errorType: "bad_data" });
  });

  it("lists every dashboard file of the folder, naming one that is not a dashboard", async () => {
    const list = (await (await get("/api/dashboards")).json()) as {
      file: string;
      uid?: string;
      error?: string;
    }[];
    expect(list.map((d) => d.uid ?? d.file)).toEqual([
      "broken.json",
      "trainwatch-gpu-fleet",
      "trainwatch-run-comparison",
      "trainwatch-training",
    ]);
    expect(list[0]?.error).toMatch(/^not JSON/);
  });

  it("serves a dashboard by uid with what it cannot draw, and 404 naming the folder otherwise", async () => {
    const found = await (await get("/api/dashboards/uid/trainwatch-training")).json();
    expect(found).toMatchObject({
      dashboard: { title: "trainwatch · Training overview" },
      problems: [],
      scrapeIntervalMs: 1000,
    });
    const missing = await get("/api/dashboards/uid/nope");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toContain(folder);
  });

  it("serves the page at /, at Grafana's /d/<uid> URLs and at /explore, and Explore its settings", async () => {
    for (const path of [
      "/",
      "/d/trainwatch-training?var-job=mnist_mlp&var-task=All",
      "/d/x/slug",
      "/explore?expr=up&from=now-1h&to=now",
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toContain('<div id="app">');
    }
    expect(await (await get("/api/settings")).json()).toEqual({ scrapeIntervalMs: 1000 });
  });

  it("answers 502 in Prometheus' error shape when Prometheus does not answer", async () => {
    await using other = await startViewer({
      host: "127.0.0.1",
      port: 0,
      prometheusUrl: "http://127.0.0.1:1",
      dashboardsDir: folder,
      scrapeIntervalMs: 1000,
    });
    const response = await fetch(`${other.url}/api/v1/query?query=up`);
    expect(response.status).toBe(502);
    expect((await response.json()).error).toContain("http://127.0.0.1:1 did not answer");
  });
});

describe("startViewer", () => {
  it("refuses an address beyond loopback without auth, naming the variables to set", async () => {
    await expect(
      startViewer({
        host: "0.0.0.0",
        port: 0,
        prometheusUrl: prometheus.url,
        dashboardsDir: folder,
        scrapeIntervalMs: 1000,
      }),
    ).rejects.toThrow(/0\.0\.0\.0 is not a loopback address: set TRAINWATCH_VIEWER_TOKEN/);
  });

  it("asks for the token when one is set, and keeps /healthz open", async () => {
    await using guarded = await startViewer({
      host: "127.0.0.1",
      port: 0,
      prometheusUrl: prometheus.url,
      dashboardsDir: folder,
      scrapeIntervalMs: 1000,
      auth: { kind: "bearer", token: "a-token-of-some-length" },
    });
    expect((await fetch(`${guarded.url}/api/v1/query?query=up`)).status).toBe(401);
    expect((await fetch(`${guarded.url}/healthz`)).status).toBe(200);
    const ok = await fetch(`${guarded.url}/api/v1/query?query=up`, {
      headers: { Authorization: "Bearer a-token-of-some-length" },
    });
    expect(ok.status).toBe(200);
  });

  it("serves a page built into a dot-folder (~/.cache, ~/.local), not only its assets", async () => {
    const page = join(mkdtempSync(join(tmpdir(), "viewer-page-")), ".cache", "web");
    mkdirSync(join(page, "assets"), { recursive: true });
    writeFileSync(join(page, "index.html"), "<!doctype html><p>built elsewhere</p>");
    await using elsewhere = await startViewer({
      host: "127.0.0.1",
      port: 0,
      prometheusUrl: prometheus.url,
      dashboardsDir: folder,
      scrapeIntervalMs: 1000,
      webDir: `${page}/`,
    });
    const response = await fetch(`${elsewhere.url}/d/trainwatch-training`);
    expect([response.status, await response.text()]).toEqual([
      200,
      "<!doctype html><p>built elsewhere</p>",
    ]);
  });

  it("answers a refresh's queries in one request, each with Prometheus' own answer or error", async () => {
    const response = await get("/api/ds/query", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        queries: [
          { kind: "range", expr: "vector(2)", start: 1700000000, end: 1700000060, step: 15 },
          { kind: "instant", expr: "vector(3)", time: 1700000000 },
          { kind: "instant", expr: "rate(up[", time: 1700000000 },
        ],
      }),
    });
    const { results } = (await response.json()) as {
      results: { status: string; data?: { resultType: string }; errorType?: string }[];
    };
    expect(results.map((r) => [r.status, r.data?.resultType ?? r.errorType])).toEqual([
      ["success", "matrix"],
      ["success", "vector"],
      ["error", "bad_data"],
    ]);
  });

  it("refuses a batch that is not one, naming what is wrong", async () => {
    const response = await get("/api/ds/query", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ queries: [{ kind: "range", expr: "up", start: 1, end: 2 }] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain("queries.0.step");
  });
});
