import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dashboardsDir } from "@trainwatch/grafana-dashboards";
import { browserSkipReason, launchBrowser, waitForRefresh } from "@trainwatch/harness";
import { findBinary, promtoolBinary, startPrometheus } from "@trainwatch/native-services";
import { startViewer } from "@trainwatch/viewer";
import { execa } from "execa";
import { defineBenchmark } from "./benchmark.js";
import { type Figure, figure } from "./stats.js";
import { renderHistory } from "./viewer-history.js";

/** The viewer's figures, or why they could not be measured here. */
export type ViewerFigures =
  | { readonly firstRenderMs: Figure; readonly refreshMs: Figure; readonly series: number }
  | { readonly skipped: string };

const overview =
  "/d/trainwatch-training?var-job=mnist_mlp&var-task=All&from=now-30m&to=now&refresh=";

/**
 * The dashboard viewer in headless Chromium against a real Prometheus holding 30 minutes of two
 * workers' history at a 5 s step (backfilled with promtool): `loads` page loads, each from
 * navigation to every panel drawn, and `refreshes` refreshes, each the main-thread time Chromium
 * spent on it (its TaskDuration).
 */
export async function benchViewer(loads = 7, refreshes = 10): Promise<ViewerFigures> {
  const skipped = browserSkipReason();
  if (skipped) return { skipped };
  const dir = mkdtempSync(join(tmpdir(), "trainwatch-bench-viewer-"));
  const history = join(dir, "history.om");
  writeFileSync(
    history,
    renderHistory({ end: Date.now(), minutes: 30, stepSeconds: 5, workers: 2 }),
  );
  mkdirSync(join(dir, "prometheus-data"));
  await execa(findBinary(promtoolBinary), [
    "tsdb",
    "create-blocks-from",
    "openmetrics",
    history,
    join(dir, "prometheus-data"),
  ]);
  writeFileSync(join(dir, "prometheus.yml"), "global: {scrape_interval: 1s}\nscrape_configs: []\n");
  await using prometheus = await startPrometheus({ configFile: join(dir, "prometheus.yml"), dir });
  await using viewer = await startViewer({
    host: "127.0.0.1",
    port: 0,
    prometheusUrl: prometheus.url,
    dashboardsDir,
    scrapeIntervalMs: 1000,
  });
  await using browser = await launchBrowser();
  const firstRender: number[] = [];
  let page = await browser.context.newPage();
  for (let i = 0; i < loads; i++) {
    await page.close();
    page = await browser.context.newPage();
    await page.goto(`${viewer.url}${overview}`);
    await waitForRefresh(page);
    firstRender.push(
      await page.evaluate(
        () =>
          performance.getEntriesByName("trainwatch:all-panels-drawn")[0]?.startTime ?? Number.NaN,
      ),
    );
  }
  const series = await page.$$eval(".legend-item", (items) => items.length);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const taskSeconds = async () =>
    (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration")
      ?.value ?? 0;
  const refreshMs: number[] = [];
  for (let i = 0; i < refreshes; i++) {
    const before = await taskSeconds();
    await page.click(".refresh-now");
    await waitForRefresh(page, i + 2);
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))),
    );
    refreshMs.push(((await taskSeconds()) - before) * 1000);
  }
  return { firstRenderMs: figure(firstRender), refreshMs: figure(refreshMs), series };
}

/** The dashboard viewer's first render and refresh in headless Chromium. */
export const viewerBenchmark = defineBenchmark({
  title: "dashboard viewer: first render and refresh in headless Chromium, 30 min of two workers",
  run: () => benchViewer(),
  report(viewer, out) {
    if ("skipped" in viewer) {
      out.row(`viewer: not measured (${viewer.skipped})`);
      return;
    }
    out.figure(
      "viewer_first_render_ms",
      viewer.firstRenderMs,
      "ms",
      `page load → every panel drawn, overview, ${viewer.series} legend series; goal < 1000 ms`,
    );
    out.figure(
      "viewer_refresh_ms",
      viewer.refreshMs,
      "ms",
      "main-thread time of one refresh; goal < 50 ms",
    );
  },
});
