import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dashboardsDir } from "@trainwatch/grafana-dashboards";
import { browserSkipReason, launchBrowser, waitForRefresh } from "@trainwatch/harness";
import { findBinary, promtoolBinary, startPrometheus } from "@trainwatch/native-services";
import { startViewer, webDir } from "@trainwatch/viewer";
import { execa } from "execa";
import type { Page } from "playwright-core";
import { defineBenchmark, round } from "./benchmark.js";
import { type Figure, figure } from "./stats.js";
import { buildViewerPageAt, echartsViewerCommit, pageScriptKiB } from "./viewer-baseline.js";
import { renderHistory } from "./viewer-history.js";

/** One page's figures: load, refresh and hover, each a median of repeated measurements. */
export interface PageFigures {
  readonly firstRenderMs: Figure;
  readonly refreshMs: Figure;
  readonly hoverMs: Figure;
  /** Its dashboard script, gzipped. */
  readonly scriptKiB: number;
}

/** The viewer's figures today and at the ECharts commit, or why they could not be measured here. */
export type ViewerFigures =
  | { readonly now: PageFigures; readonly echarts: PageFigures; readonly series: number }
  | { readonly skipped: string };

const overview =
  "/d/trainwatch-training?var-job=mnist_mlp&var-task=All&from=now-30m&to=now&refresh=";

/** A page's measurements so far. */
interface Samples {
  firstRender: number[];
  refresh: number[];
  hover: number[];
}

/** Main-thread time Chromium spent on `page` while `act` ran (its TaskDuration), in ms. */
async function mainThreadMs(page: Page, act: () => Promise<void>): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const taskSeconds = async () =>
    (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration")
      ?.value ?? 0;
  const before = await taskSeconds();
  await act();
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))),
  );
  const after = await taskSeconds();
  await cdp.detach();
  return (after - before) * 1000;
}

/**
 * One round on a page: a load (navigation → every panel drawn), `refreshes` refreshes (the
 * main-thread time of each) and 5 s of mouse movement to and fro across the loss chart, whose
 * crosshair every chart follows (the main-thread time of all of it).
 */
async function measureRound(page: Page, url: string, refreshes: number, into: Samples) {
  await page.goto(url);
  await waitForRefresh(page);
  into.firstRender.push(
    await page.evaluate(
      () => performance.getEntriesByName("trainwatch:all-panels-drawn")[0]?.startTime ?? Number.NaN,
    ),
  );
  for (let i = 0; i < refreshes; i++) {
    into.refresh.push(
      await mainThreadMs(page, async () => {
        // What the auto-refresh timer calls, without Playwright's checks before a click.
        await page.evaluate(() => document.querySelector<HTMLElement>(".refresh-now")?.click());
        await waitForRefresh(page, i + 2);
      }),
    );
  }
  const box = await page
    .locator('[data-panel-title="Train vs validation loss"] .panel-body')
    .boundingBox();
  if (!box) throw new Error("the loss chart has no box");
  into.hover.push(
    await mainThreadMs(page, async () => {
      const started = performance.now();
      for (let k = 0; performance.now() - started < 5000; k++) {
        const phase = (k % 100) / 100; // a sweep right, then back left, every 100 moves
        const x = box.x + box.width * (0.05 + 0.9 * (phase < 0.5 ? phase * 2 : 2 - phase * 2));
        await page.mouse.move(x, box.y + box.height / 2);
        await new Promise((resolve) => setTimeout(resolve, 16));
      }
      await page.mouse.move(1, 1);
    }),
  );
}

/**
 * The dashboard viewer in headless Chromium against a real Prometheus holding 30 minutes of two
 * workers' history at a 5 s step (backfilled with promtool), today's page and the page at the
 * commit before the charts moved to uPlot, in alternating rounds: a load, refreshes and hover.
 */
export async function benchViewer(rounds = 5, refreshesPerRound = 4): Promise<ViewerFigures> {
  const skipped = browserSkipReason();
  if (skipped) return { skipped };
  const echartsDir = await buildViewerPageAt(echartsViewerCommit, (line) =>
    console.log(`  ${line}`),
  );
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
  const viewerOptions = {
    host: "127.0.0.1",
    port: 0,
    prometheusUrl: prometheus.url,
    dashboardsDir,
    scrapeIntervalMs: 1000,
  };
  await using now = await startViewer(viewerOptions);
  await using echarts = await startViewer({ ...viewerOptions, webDir: echartsDir });
  await using browser = await launchBrowser();
  const samples = { now: newSamples(), echarts: newSamples() };
  let series = 0;
  for (let i = 0; i < rounds; i++) {
    for (const [name, server] of [
      ["now", now],
      ["echarts", echarts],
    ] as const) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 1600, height: 1000 });
      await measureRound(page, `${server.url}${overview}`, refreshesPerRound, samples[name]);
      series = await page.$$eval(".legend-item", (items) => items.length);
      await page.close();
    }
  }
  const figures = (s: Samples, web: string): PageFigures => ({
    firstRenderMs: figure(s.firstRender),
    refreshMs: figure(s.refresh),
    hoverMs: figure(s.hover),
    scriptKiB: pageScriptKiB(web),
  });
  return {
    now: figures(samples.now, webDir),
    echarts: figures(samples.echarts, echartsDir),
    series,
  };
}

const newSamples = (): Samples => ({ firstRender: [], refresh: [], hover: [] });

/** The dashboard viewer's first render, refresh and hover in headless Chromium, today and at ECharts. */
export const viewerBenchmark = defineBenchmark({
  title:
    "dashboard viewer: first render, refresh and hover in headless Chromium, 30 min of two workers, today's page and the ECharts one",
  run: () => benchViewer(),
  report(viewer, out) {
    if ("skipped" in viewer) {
      out.row(`viewer: not measured (${viewer.skipped})`);
      return;
    }
    const { now, echarts } = viewer;
    const at = `the page at ${echartsViewerCommit.slice(0, 7)} (ECharts)`;
    out.figure(
      "viewer_first_render_ms",
      now.firstRenderMs,
      "ms",
      `page load → every panel drawn, overview, ${viewer.series} legend series; goal < 500 ms`,
    );
    out.figure("viewer_first_render_ms_echarts", echarts.firstRenderMs, "ms", at);
    out.figure(
      "viewer_refresh_ms",
      now.refreshMs,
      "ms",
      "main-thread time of one refresh; goal < 30 ms",
    );
    out.figure("viewer_refresh_ms_echarts", echarts.refreshMs, "ms", at);
    out.figure(
      "viewer_hover_ms",
      now.hoverMs,
      "ms",
      "main-thread time of 5 s of mouse movement across the loss chart, the crosshair shared",
    );
    out.figure("viewer_hover_ms_echarts", echarts.hoverMs, "ms", at);
    const ratio = (a: Figure, b: Figure) => round(a.median / b.median);
    out.value("viewer_refresh_ratio", ratio(now.refreshMs, echarts.refreshMs));
    out.value("viewer_first_render_ratio", ratio(now.firstRenderMs, echarts.firstRenderMs));
    out.value("viewer_hover_ratio", ratio(now.hoverMs, echarts.hoverMs));
    out.value("viewer_js_kib", round(now.scriptKiB));
    out.value("viewer_js_kib_echarts", round(echarts.scriptKiB));
    out.row(
      `viewer today ÷ ECharts (medians): refresh ${ratio(now.refreshMs, echarts.refreshMs)} (goal ≤ 0.35), first render ${ratio(now.firstRenderMs, echarts.firstRenderMs)}, hover ${ratio(now.hoverMs, echarts.hoverMs)}; dashboards' JavaScript ${now.scriptKiB.toFixed(1)} KiB gzipped (was ${echarts.scriptKiB.toFixed(1)}; budget 350)`,
    );
  },
});
