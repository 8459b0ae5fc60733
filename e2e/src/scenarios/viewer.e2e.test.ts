import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import { dashboards } from "@trainwatch/grafana-dashboards";
import {
  type Browser,
  browserSkipReason,
  inspectPanels,
  launchBrowser,
  type NativeStack,
  type PanelReport,
  panelDrawn,
  startNativeStack,
  waitForFinalStates,
  waitForQuery,
  waitForRefresh,
} from "@trainwatch/harness";
import { execa } from "execa";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { emptyPanelReason } from "../legitimately-empty.js";
import { shortRunArgs } from "../short-run.js";

const cli = createRequire(import.meta.url).resolve("@trainwatch/stack/cli");
const screenshots = "test-results/screenshots";
const skip = inject("nativeSkip") ?? browserSkipReason();
if (skip) console.log(`[viewer] SKIPPED, the browser tests: ${skip}`);

const overview = (base: string, task = "All") =>
  `${base}/d/trainwatch-training?var-job=mnist_mlp&var-task=${task}&from=now-30m&to=now&refresh=5s`;

async function open(page: Page, url: string): Promise<PanelReport[]> {
  await page.goto(url);
  await waitForRefresh(page);
  return inspectPanels(page);
}

const byTitle = (reports: readonly PanelReport[], title: string) => {
  const found = reports.find((r) => r.title === title);
  if (!found)
    throw new Error(`no panel "${title}" on the page: ${reports.map((r) => r.title).join(", ")}`);
  return found;
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });

/** A team's own dashboard: every supported panel type, a custom variable, and one old `graph` panel. */
const teamBoard = {
  uid: "team-board",
  title: "A team's board",
  time: { from: "now-15m", to: "now" },
  templating: {
    list: [
      { type: "custom", name: "phase", query: "train,validation", current: { value: "train" } },
    ],
  },
  panels: [
    { type: "row", title: "Team", gridPos: { x: 0, y: 0, w: 24, h: 1 } },
    {
      type: "timeseries",
      title: "Loss by phase",
      gridPos: { x: 0, y: 1, w: 12, h: 8 },
      targets: [{ refId: "A", expr: 'training_loss{phase="$phase"}', legendFormat: "{{task}}" }],
    },
    {
      type: "graph",
      title: "Old graph",
      gridPos: { x: 12, y: 1, w: 12, h: 8 },
      targets: [{ refId: "A", expr: "up" }],
    },
    {
      type: "stat",
      title: "Targets up",
      gridPos: { x: 0, y: 9, w: 8, h: 5 },
      targets: [{ refId: "A", expr: "sum(up)" }],
    },
    {
      type: "table",
      title: "Scrape targets",
      gridPos: { x: 8, y: 9, w: 16, h: 5 },
      targets: [{ refId: "A", expr: "up", instant: true, format: "table" }],
    },
    {
      type: "state-timeline",
      title: "Up over time",
      gridPos: { x: 0, y: 14, w: 12, h: 6 },
      fieldConfig: { defaults: { unit: "bool_on_off" } },
      targets: [{ refId: "A", expr: "up", legendFormat: "{{job}} {{instance}}" }],
    },
    {
      type: "timeseries",
      title: "Broken query",
      gridPos: { x: 0, y: 20, w: 12, h: 5 },
      targets: [{ refId: "A", expr: "rate(up[" }],
    },
    {
      type: "heatmap",
      title: "Scrape durations",
      gridPos: { x: 12, y: 14, w: 12, h: 6 },
      fieldConfig: { defaults: { unit: "s" } },
      targets: [
        { refId: "A", expr: "scrape_duration_seconds", legendFormat: "{{job}} {{instance}}" },
      ],
    },
  ],
};

describe.skipIf(skip)(
  `the dashboard viewer on a live native stack, in Chromium (${inject("nativeBinaries")})`,
  () => {
    let stack: NativeStack;
    let browser: Browser;
    let page: Page;
    let viewerUrl: string;
    let upAt = 0;

    beforeAll(async () => {
      mkdirSync(screenshots, { recursive: true });
      browser = await launchBrowser();
      page = await browser.context.newPage();
      stack = await startNativeStack({
        trainerArgs: shortRunArgs,
      });
      upAt = Date.now();
      viewerUrl = (await stack.status()).services.dashboards.url;
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await stack?.stop();
    }, 60_000);

    it("shows both workers' loss on the training overview within 30 s of the stack being up", async () => {
      await page.goto(overview(viewerUrl));
      const seen = await waitFor(
        async () => {
          await waitForRefresh(page);
          const loss = byTitle(await inspectPanels(page), "Train vs validation loss");
          const workers = ["worker-0 train", "worker-1 train"].every((n) =>
            loss.legend.includes(n),
          );
          return workers && panelDrawn(loss) && loss;
        },
        {
          what: "both workers' train loss drawn on the overview",
          timeoutMs: 30_000,
          intervalMs: 500,
        },
      );
      const elapsed = Date.now() - upAt;
      console.log(
        `[viewer] both workers' loss drawn ${elapsed} ms after the stack was up (${seen.coloredPixels} coloured pixels)`,
      );
      expect(elapsed).toBeLessThan(30_000);
    });

    it("draws every panel of the three dashboards, but for those listed as legitimately empty", async () => {
      await waitForFinalStates(stack.prometheusUrl, 2);
      // The replayed trace idles (flat lines) for its first 20 s: wait for its load phase, so
      // every GPU chart has more than a few seconds of changing data.
      await waitForQuery(
        stack.prometheusUrl,
        "max_over_time(gpu_utilization_ratio[5m]) > 0.5",
        (s) => s.length > 0,
        { what: "the replayed trace's load phase (from t=20 s)", timeoutMs: 60_000 },
      );
      const undrawn: string[] = [];
      for (const dashboard of Object.values(dashboards())) {
        const uid = dashboard.uid as string;
        // The last 5 minutes: the short runs' data then spans much of each chart.
        const reports = await open(
          page,
          `${viewerUrl}/d/${uid}?var-job=All&var-task=All&from=now-5m&to=now`,
        );
        await page.screenshot({ path: join(screenshots, `${uid}.png`), fullPage: true });
        for (const panel of dashboard.panels ?? []) {
          if (panel.type === "row") continue;
          const report = byTitle(reports, panel.title ?? "");
          const refIds = ((panel as { targets?: { refId: string }[] }).targets ?? []).map(
            (t) => t.refId,
          );
          const reason = emptyPanelReason(uid, report.title, refIds);
          console.log(
            `[viewer] ${uid} / ${report.title}: ${report.state}, ${report.coloredPixels} px, ${report.tableRows} rows${reason ? ` (may be empty: ${reason})` : ""}`,
          );
          if (!panelDrawn(report) && !reason)
            undrawn.push(`${uid} / ${report.title} (${report.state}: ${report.message})`);
        }
      }
      expect(undrawn.join("\n")).toBe("");
    }, 300_000);

    it("keeps only worker-1's series when the URL selects var-task=worker-1", async () => {
      const reports = await open(page, overview(viewerUrl, "worker-1"));
      const loss = byTitle(reports, "Train vs validation loss");
      expect(loss.legend.length).toBeGreaterThan(0);
      expect(loss.legend.filter((name) => !name.startsWith("worker-1"))).toEqual([]);
      expect(byTitle(reports, "Run").tableRows).toBe(1);
      expect(await page.locator('[data-variable="task"] .control-value').textContent()).toBe(
        "worker-1",
      );
    });

    it("shares the crosshair across panels: hovering one chart shows the time in the others", async () => {
      const isChart = (type: string | undefined) => ["timeseries", "heatmap"].includes(type ?? "");
      const chartCount = (dashboards()["training-overview.json"]?.panels ?? []).filter((p) =>
        isChart(p.type),
      ).length;
      await waitFor(
        async () => {
          const charts = (await open(page, overview(viewerUrl))).filter((r) => isChart(r.type));
          return charts.length === chartCount && charts.every((r) => r.state === "data");
        },
        {
          what: `the overview's ${chartCount} charts to have data`,
          timeoutMs: 60_000,
          intervalMs: 1000,
        },
      );
      const chart = page.locator('[data-panel-title="Train vs validation loss"] .panel-body');
      const box = await chart.boundingBox();
      if (!box) throw new Error("the loss chart has no box");
      await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
      // The time each visible tooltip starts with.
      const shownTimes = () =>
        page.$$eval(".chart-tooltip", (tips) =>
          tips
            .filter((t) => getComputedStyle(t).visibility === "visible")
            .map((t) => /^\d{1,2}:\d\d:\d\d( [AP]M)?/.exec(t.textContent ?? "")?.[0]),
        );
      await page.waitForFunction(() => document.querySelectorAll(".chart-tooltip").length > 1);
      // Every time-series and heatmap chart of the overview shows the hovered time: the same, but
      // for each chart's snapping to its own nearest sample (a narrower panel queries a longer step).
      const times = await shownTimes();
      expect(times).toHaveLength(chartCount);
      const seconds = times.map((t) => {
        const [, h, m, s, pm] = /^(\d+):(\d\d):(\d\d)( PM)?/.exec(t ?? "") ?? [];
        return ((Number(h) % 12) + (pm ? 12 : 0)) * 3600 + Number(m) * 60 + Number(s);
      });
      expect(Math.max(...seconds) - Math.min(...seconds), times.join(", ")).toBeLessThanOrEqual(10);
      await page.mouse.move(1, 1);
      await page.waitForFunction(() =>
        [...document.querySelectorAll(".chart-tooltip")].every(
          (t) => getComputedStyle(t).visibility !== "visible",
        ),
      );
    });

    it("draws accuracy and the learning rate on two y-axes, each with its unit", async () => {
      const reports = await open(page, overview(viewerUrl));
      const accuracy = byTitle(reports, "Accuracy and learning rate");
      expect(accuracy.yAxes).toBe(2);
      expect(panelDrawn(accuracy)).toBe(true);
      expect(
        await page
          .locator('[data-panel-title="Accuracy and learning rate"]')
          .getAttribute("data-y-units"),
      ).toBe("percentunit,none");
    });

    it("Explore completes a metric name from a prefix, runs the query on Enter, and draws it", async () => {
      await page.goto(`${viewerUrl}/explore`);
      await page.click(".explore-editor .cm-content");
      await page.keyboard.type("training_lo", { delay: 20 });
      const offered = await waitFor(
        async () => {
          const names = await page.$$eval(".cm-tooltip-autocomplete li .cm-completionLabel", (l) =>
            l.map((e) => e.textContent ?? ""),
          );
          return names.includes("training_loss") && names;
        },
        { what: "training_loss offered after typing training_lo", timeoutMs: 15_000 },
      );
      console.log(`[viewer] Explore offered after "training_lo": ${offered.join(", ")}`);
      // Take training_loss from the list with a click, as a person would (the list may still
      // be updating with the metric names as they arrive: the click waits for it to settle).
      await page
        .locator(".cm-tooltip-autocomplete li")
        .filter({ has: page.locator(".cm-completionLabel", { hasText: /^training_loss$/ }) })
        .first()
        .click();
      const typed = () => page.$eval(".explore-editor .cm-content", (e) => e.textContent);
      await waitFor(async () => (await typed()) === "training_loss", {
        what: "the editor to hold the chosen training_loss",
        timeoutMs: 5000,
      });
      await page.keyboard.type('{phase="train"}');
      await page.keyboard.press("Enter"); // runs
      await page.waitForFunction(() => Number(document.body.dataset.exploreRuns ?? 0) >= 1);
      expect(new URL(page.url()).searchParams.getAll("expr")).toEqual([
        'training_loss{phase="train"}',
      ]);
      const reports = await waitFor(
        async () => {
          const r = await inspectPanels(page);
          return r.every((p) => p.state !== "loading") && r;
        },
        { what: "Explore's graph and table to load", timeoutMs: 15_000 },
      );
      const graph = byTitle(reports, "Graph");
      expect(panelDrawn(graph), `${graph.state} ${graph.message}`).toBe(true);
      expect(graph.legend.some((name) => name.includes('task="worker-1"'))).toBe(true);
      expect(byTitle(reports, "Table").tableRows).toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: join(screenshots, "explore.png") });
    });

    it("Explore shows Prometheus' own error for a bad query", async () => {
      await page.goto(`${viewerUrl}/explore?expr=${encodeURIComponent("rate(training_loss[")}`);
      await page.waitForFunction(() => Number(document.body.dataset.exploreRuns ?? 0) >= 1);
      const graph = await waitFor(
        async () => {
          const found = byTitle(await inspectPanels(page), "Graph");
          return found.state !== "loading" && found;
        },
        { what: "the bad query's answer", timeoutMs: 15_000 },
      );
      expect([graph.state, graph.message]).toEqual([
        "error",
        expect.stringMatching(/^A: bad_data: .*parse error/),
      ]);
    });

    it("opens a panel's queries in Explore from its Explore link, with the dashboard's range", async () => {
      await open(page, overview(viewerUrl, "worker-1"));
      const link = page.locator('[data-panel-title="Throughput"] .panel-explore');
      const href = (await link.getAttribute("href")) ?? "";
      await page.goto(`${viewerUrl}${href}`);
      await page.waitForFunction(() => Number(document.body.dataset.exploreRuns ?? 0) >= 1);
      const params = new URL(page.url()).searchParams;
      expect(params.getAll("expr")).toEqual([
        'job_task:training_examples:rate{job=~"mnist_mlp", task=~"worker-1"}',
        'job:gpu_utilization:avg{job=~"mnist_mlp"}',
      ]);
      expect([params.get("from"), params.get("to")]).toEqual(["now-30m", "now"]);
      expect(
        await page.$$eval(".explore-editor .cm-content", (e) => e.map((x) => x.textContent)),
      ).toEqual(params.getAll("expr"));
    });

    it("serves another folder with `trainwatch dashboards`: its panels drawn, a placeholder naming what is unsupported", async () => {
      const folder = mkdtempSync(join(tmpdir(), "team-dashboards-"));
      writeFileSync(join(folder, "team-board.json"), JSON.stringify(teamBoard));
      const port = await freePort();
      const server = execa(
        "node",
        [
          cli,
          "dashboards",
          "--prometheus-url",
          stack.prometheusUrl,
          "--dashboards-dir",
          folder,
          "--port",
          String(port),
          "--scrape-interval",
          "1s",
        ],
        { all: true },
      );
      try {
        const base = `http://127.0.0.1:${port}`;
        await waitFor(
          async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.ok ?? false,
          {
            what: "`trainwatch dashboards` to answer /healthz",
            timeoutMs: 15_000,
          },
        );
        await page.goto(`${base}/`);
        await page.waitForSelector(".dashboard-list a");
        expect(await page.locator(".dashboard-list a").allTextContents()).toEqual([
          "A team's board",
        ]);
        const reports = await open(page, `${base}/d/team-board`);
        await page.screenshot({ path: join(screenshots, "team-board.png"), fullPage: true });
        const old = byTitle(reports, "Old graph");
        expect([old.state, old.message]).toEqual([
          "unsupported",
          expect.stringContaining('panel type "graph"'),
        ]);
        const broken = byTitle(reports, "Broken query");
        expect([broken.state, broken.message]).toEqual([
          "error",
          expect.stringMatching(/^A: bad_data: .*parse error/),
        ]);
        const others = reports.filter((r) => !["Old graph", "Broken query"].includes(r.title));
        expect(
          others.filter((r) => !panelDrawn(r)).map((r) => `${r.title}: ${r.state} ${r.message}`),
        ).toEqual([]);
        expect(byTitle(reports, "Loss by phase").legend).toEqual(
          expect.arrayContaining(["worker-0", "worker-1"]),
        );
      } finally {
        server.kill("SIGTERM");
        await server.catch(() => undefined);
      }
    });
  },
);
