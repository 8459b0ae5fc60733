import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dashboards } from "@trainwatch/grafana-dashboards";
import {
  type Browser,
  browserSkipReason,
  inspectPanels,
  launchBrowser,
  type NativeStack,
  startNativeStack,
  waitForFinalStates,
  waitForRefresh,
} from "@trainwatch/harness";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { shortRunArgs } from "../short-run.js";

const screenshots = "test-results/screenshots";
const skip = inject("nativeSkip") ?? browserSkipReason();
if (skip) console.log(`[viewer interactions] SKIPPED, the browser tests: ${skip}`);

const loss = "Train vs validation loss";
const panel = (title: string) => `[data-panel-title="${title}"]`;
/** The range (`from-to`, ms) every chart of the page last queried, with data or without. */
const chartRanges = (page: Page) =>
  page.$$eval(".panel", (panels) =>
    panels
      .map((p) => (p as HTMLElement).dataset)
      .filter((d) => ["timeseries", "heatmap", "state-timeline"].includes(d.panelType ?? ""))
      .map((d) => d.range),
  );

/** Pixels of a panel's canvas near each colour (hex), as a person sees which lines are drawn. */
const pixelsByColor = (page: Page, title: string, colors: readonly string[]) =>
  page.$eval(
    `${panel(title)} canvas`,
    (canvas, hexes) => {
      const targets = hexes.map((h) =>
        [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16)),
      );
      const counts = hexes.map(() => 0);
      const c = canvas as HTMLCanvasElement;
      const { data } = (c.getContext("2d") as CanvasRenderingContext2D).getImageData(
        0,
        0,
        c.width,
        c.height,
      );
      for (let i = 0; i < data.length; i += 4) {
        if ((data[i + 3] ?? 0) < 200) continue;
        targets.forEach((t, k) => {
          const near = t.every((v, j) => Math.abs(v - (data[i + j] ?? 0)) < 24);
          if (near) counts[k] = (counts[k] ?? 0) + 1;
        });
      }
      return counts;
    },
    colors,
  );

/**
 * How much a line of one colour wiggles, in the y-axis' units: the distance it travels up and
 * down across the chart beyond the net rise or fall between its ends (a smooth descent wiggles
 * 0). Pixels are turned into values with the axis' ends as drawn, since the axis fits whatever
 * is shown, smoothed or not.
 */
const lineWiggle = (page: Page, title: string, color: string) =>
  page.$eval(
    `${panel(title)} canvas`,
    (canvas, hex) => {
      const target = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
      const c = canvas as HTMLCanvasElement;
      const { data } = (c.getContext("2d") as CanvasRenderingContext2D).getImageData(
        0,
        0,
        c.width,
        c.height,
      );
      const rows: number[][] = Array.from({ length: c.width }, () => []);
      for (let i = 0; i < data.length; i += 4) {
        if ((data[i + 3] ?? 0) < 200) continue;
        if (target.every((v, j) => Math.abs(v - (data[i + j] ?? 0)) < 24)) {
          const pixel = i / 4;
          rows[pixel % c.width]?.push(Math.floor(pixel / c.width));
        }
      }
      const means = rows
        .filter((r) => r.length > 0)
        .map((r) => r.reduce((a, b) => a + b) / r.length);
      const travel = means.slice(1).reduce((sum, y, k) => sum + Math.abs(y - (means[k] ?? y)), 0);
      const body = c.closest(".panel-body") as HTMLElement;
      const [min, max] = (body.dataset.yRange ?? "0 0").split(" ").map(Number);
      const plot = body.querySelector(".u-over") as HTMLElement;
      const perPixel = ((max ?? 0) - (min ?? 0)) / plot.clientHeight;
      return (travel - Math.abs((means.at(-1) ?? 0) - (means[0] ?? 0))) * perPixel;
    },
    color,
  );

describe.skipIf(skip)(
  `the viewer's interactions, Grafana's way, in Chromium (${inject("nativeBinaries")})`,
  () => {
    let stack: NativeStack;
    let browser: Browser;
    let page: Page;
    let base = "";
    const overview = (extra = "", from = "now-5m") =>
      `${base}/d/trainwatch-training?var-job=mnist_mlp&var-task=All&from=${from}&to=now${extra}`;

    beforeAll(async () => {
      // A zone 5 h 30 min from UTC, so the browser's clock and UTC differ in hours and minutes.
      browser = await launchBrowser(undefined, "Asia/Kolkata");
      page = await browser.context.newPage();
      await page.setViewportSize({ width: 1600, height: 1000 });
      stack = await startNativeStack({ trainerArgs: shortRunArgs });
      base = (await stack.status()).services.dashboards.url;
      // Finished runs: the data no longer changes under the checks.
      await waitForFinalStates(stack.prometheusUrl, 2);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await stack?.stop();
    }, 60_000);

    it("zooms every panel to a range dragged across a chart, in the URL, and back restores it", async () => {
      // The last 2 minutes: the two short runs (about 30 s) lie in their last half.
      await page.goto(overview("&refresh=", "now-2m"));
      await waitForRefresh(page);
      const box = await page.locator(`${panel(loss)} .u-over`).boundingBox();
      if (!box) throw new Error("the loss chart has no plot area");
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width * 0.5, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.75, y, { steps: 8 });
      await page.mouse.move(box.x + box.width * 0.99, y, { steps: 8 });
      await page.mouse.up();
      await page.waitForFunction(() => /from=\d+/.test(location.search));
      await waitForRefresh(page, 2);
      const params = new URL(page.url()).searchParams;
      const [from, to] = [Number(params.get("from")), Number(params.get("to"))];
      console.log(`[viewer interactions] zoomed to ${to - from} ms of the last 2 minutes`);
      // 49 % of the chart's width: 59 s of the 120, within a few pixels' worth.
      expect(Math.abs(to - from - 58_800)).toBeLessThan(2_000);
      expect(new Set(await chartRanges(page))).toEqual(new Set([`${from}-${to}`]));
      await page.screenshot({ path: join(screenshots, "viewer-zoomed.png"), fullPage: true });

      await page.goBack();
      await page.waitForFunction(
        () => new URL(location.href).searchParams.get("from") === "now-2m",
      );
      await waitForRefresh(page, 3);
      const widths = (await chartRanges(page)).map((r) => {
        const [a, b] = (r ?? "").split("-").map(Number);
        return (b ?? 0) - (a ?? 0);
      });
      expect(new Set(widths)).toEqual(new Set([120_000]));
    });

    it("shows only the clicked legend entry's series, and Ctrl-click brings another back", async () => {
      await page.goto(overview("&refresh="));
      await waitForRefresh(page);
      const names = await page.$$eval(`${panel(loss)} .legend-item`, (items) =>
        items.map((i) => ({
          name: i.querySelector(".legend-name")?.textContent ?? "",
          color: (i.querySelector(".swatch") as HTMLElement).style.backgroundColor,
        })),
      );
      const hex = (rgb: string) =>
        `#${(rgb.match(/\d+/g) ?? []).map((n) => Number(n).toString(16).padStart(2, "0")).join("")}`;
      const train0 = names.find((n) => n.name === "worker-0 train");
      const train1 = names.find((n) => n.name === "worker-1 train");
      if (!train0 || !train1) throw new Error(`legend: ${names.map((n) => n.name).join(", ")}`);
      const colors = [hex(train0.color), hex(train1.color)];
      const before = await pixelsByColor(page, loss, colors);
      const entry = (name: string) =>
        page.locator(`${panel(loss)} .legend-item`, {
          has: page.locator(".legend-name", { hasText: new RegExp(`^${name}$`) }),
        });
      await entry("worker-0 train").click();
      const isolated = await pixelsByColor(page, loss, colors);
      await entry("worker-1 train").click({ modifiers: ["Control"] });
      const both = await pixelsByColor(page, loss, colors);
      console.log(
        `[viewer interactions] worker-0 / worker-1 train pixels: ${before} drawn, ${isolated} isolated, ${both} after Ctrl-click`,
      );
      expect(isolated[0]).toBeGreaterThan(20);
      expect(isolated[1]).toBe(0);
      expect(both[1]).toBeGreaterThan(20);
      expect(await page.$$eval(`${panel(loss)} .legend-item.series-hidden`, (i) => i.length)).toBe(
        names.length - 2,
      );
    });

    it("shows one panel full size from its View entry (viewPanel), and the dashboard again on Esc", async () => {
      await page.goto(overview("&refresh="));
      await waitForRefresh(page);
      const href = (await page.locator(`${panel(loss)} a.panel-view`).getAttribute("href")) ?? "";
      const id = new URLSearchParams(href.split("?")[1]).get("viewPanel");
      expect(id).toMatch(/^\d+$/);
      await page.locator(panel(loss)).hover();
      await page.locator(`${panel(loss)} a.panel-view`).click();
      await page.waitForURL(/viewPanel=/);
      await waitForRefresh(page);
      const reports = await inspectPanels(page);
      expect(reports.map((r) => [r.title, r.state])).toEqual([[loss, "data"]]);
      const [panelBox, gridBox] = await Promise.all([
        page.locator(panel(loss)).boundingBox(),
        page.locator(".grid").boundingBox(),
      ]);
      expect(panelBox?.width).toBeGreaterThan((gridBox?.width ?? 0) * 0.98);
      expect(panelBox?.height).toBeGreaterThan(600);
      await page.keyboard.press("Escape");
      await page.waitForURL((url) => !url.searchParams.has("viewPanel"));
      await waitForRefresh(page);
      expect((await inspectPanels(page)).length).toBeGreaterThan(10);
    });

    it("downloads the loss panel's data as CSV: a column per series, the values Prometheus returns", async () => {
      await page.goto(overview("&refresh="));
      await waitForRefresh(page);
      await page.locator(panel(loss)).hover();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.locator(`${panel(loss)} .panel-csv`).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`${loss}.csv`);
      const text = readFileSync((await download.path()) as string, "utf8");
      const [header, ...rows] = text
        .trimEnd()
        .split("\r\n")
        .map((l) => l.split(","));
      const legend = await page.$$eval(`${panel(loss)} .legend-name`, (n) =>
        n.map((e) => e.textContent),
      );
      expect(header).toEqual(["Time", ...legend]);
      // The same queries, asked of Prometheus itself over the panel's range and step.
      const root = page.locator(panel(loss));
      const [from, to] = ((await root.getAttribute("data-range")) ?? "").split("-").map(Number);
      const step = Number(await root.getAttribute("data-step-ms"));
      const lossPanel = dashboards()["training-overview.json"]?.panels?.find(
        (p) => p.title === loss,
      );
      const { targets } = lossPanel as unknown as {
        targets: { expr: string; legendFormat: string }[];
      };
      const expected = new Map<string, Map<number, number>>();
      for (const target of targets) {
        const query = new URLSearchParams({
          query: target.expr.replaceAll("$job", "mnist_mlp").replaceAll("$task", ".*"),
          start: String(Math.floor((from ?? 0) / step) * (step / 1000)),
          end: String(Math.ceil((to ?? 0) / step) * (step / 1000)),
          step: String(step / 1000),
        });
        const answer = (await (
          await fetch(`${stack.prometheusUrl}/api/v1/query_range?${query}`)
        ).json()) as {
          data: { result: { metric: Record<string, string>; values: [number, string][] }[] };
        };
        for (const series of answer.data.result) {
          const name = target.legendFormat.replace("{{task}}", series.metric.task ?? "");
          expected.set(name, new Map(series.values.map(([t, v]) => [t * 1000, Number(v)])));
        }
      }
      expect([...expected.keys()].sort()).toEqual([...legend].sort());
      let compared = 0;
      for (const row of rows) {
        const time = Date.parse(row[0] ?? "");
        (header ?? []).slice(1).forEach((name, k) => {
          const cell = row[k + 1] ?? "";
          expect(cell === "" ? undefined : Number(cell), `${name} at ${row[0]}`).toBe(
            expected.get(name)?.get(time),
          );
          if (cell !== "") compared += 1;
        });
      }
      console.log(
        `[viewer interactions] CSV of "${loss}": ${rows.length} rows × ${legend.length} series, ${compared} values equal to Prometheus' own`,
      );
      expect(compared).toBeGreaterThan(20);
    });

    it("takes an absolute range typed in the picker, in UTC, and writes every time in one 24-hour clock", async () => {
      await page.goto(overview("&refresh=&timezone=utc"));
      await waitForRefresh(page);
      const end = Math.floor(Date.now() / 1000) * 1000;
      const start = end - 180_000;
      const utc = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
      await page.locator(".absolute-range summary").click();
      await page.fill('.absolute-form input[name="from"]', utc(start));
      await page.fill('.absolute-form input[name="to"]', utc(end));
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => /from=\d+/.test(location.search));
      await waitForRefresh(page, 2);
      const params = new URL(page.url()).searchParams;
      expect([params.get("from"), params.get("to"), params.get("timezone")]).toEqual([
        String(start),
        String(end),
        "utc",
      ]);
      expect(new Set(await chartRanges(page))).toEqual(new Set([`${start}-${end}`]));
      const shown = await page.$eval('select[name="time-range"]', (s) => {
        const select = s as HTMLSelectElement;
        return select.options[select.selectedIndex]?.textContent;
      });
      expect(shown).toBe(`${utc(start).slice(11)} to ${utc(end).slice(11)}`);
      // A typo is named, and nothing changes.
      await page.locator(".absolute-range summary").click();
      await page.fill('.absolute-form input[name="from"]', "yesterday");
      await page.keyboard.press("Enter");
      expect(await page.locator(".absolute-form .problem").textContent()).toContain(
        'From "yesterday": not a time',
      );
      // A click elsewhere closes the picker, as Grafana's does.
      await page.locator(".dashboard-title").click();
      expect(await page.locator(".absolute-range").getAttribute("open")).toBeNull();
      // The tooltip writes the hovered time as the picker does.
      const box = await page.locator(`${panel(loss)} .u-over`).boundingBox();
      if (!box) throw new Error("the loss chart has no plot area");
      await page.mouse.move(box.x + box.width * 0.95, box.y + box.height / 2);
      const time = await page.locator(`${panel(loss)} .tooltip-time`).textContent();
      expect(time).toMatch(/^\d\d:\d\d:\d\d$/);
      const seconds = (t: string) => t.split(":").reduce((sum, part) => sum * 60 + Number(part), 0);
      const endSeconds = seconds(utc(end).slice(11));
      expect(Math.abs(seconds(time ?? "") - endSeconds)).toBeLessThan(30);
    });
    it("writes times in the browser's zone or UTC, as the switch says, and keeps the choice in the URL", async () => {
      const end = Math.floor(Date.now() / 1000) * 1000;
      const start = end - 120_000;
      const clock = (ms: number, offsetMin: number) =>
        new Date(ms + offsetMin * 60_000).toISOString().slice(11, 19);
      const shown = () =>
        page.$eval('select[name="time-range"]', (s) => {
          const select = s as HTMLSelectElement;
          return select.options[select.selectedIndex]?.textContent;
        });
      await page.goto(overview(`&refresh=`, String(start)).replace("to=now", `to=${end}`));
      await waitForRefresh(page);
      expect(await shown()).toBe(`${clock(start, 330)} to ${clock(end, 330)}`); // Asia/Kolkata
      await page.selectOption('select[name="timezone"]', "utc");
      await page.waitForFunction(
        () => new URL(location.href).searchParams.get("timezone") === "utc",
      );
      await waitForRefresh(page, 2);
      expect(await shown()).toBe(`${clock(start, 0)} to ${clock(end, 0)}`);
      const box = await page.locator(`${panel(loss)} .u-over`).boundingBox();
      if (!box) throw new Error("the loss chart has no plot area");
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
      const time = (await page.locator(`${panel(loss)} .tooltip-time`).textContent()) ?? "";
      const middle = clock(start + 60_000, 0);
      const seconds = (t: string) => t.split(":").reduce((sum, part) => sum * 60 + Number(part), 0);
      expect(Math.abs(seconds(time) - seconds(middle))).toBeLessThan(10);
      await page.mouse.move(1, 1);
    });

    it("works from the keyboard: Enter on a legend entry isolates its series, again shows all", async () => {
      await page.goto(overview("&refresh="));
      await waitForRefresh(page);
      const items = page.locator(`${panel(loss)} .legend-item`);
      await items.first().focus();
      await page.keyboard.press("Enter");
      const pressed = () =>
        page.$$eval(`${panel(loss)} .legend-item`, (i) =>
          i.map((e) => e.getAttribute("aria-pressed")),
        );
      const isolated = await pressed();
      expect(isolated[0]).toBe("true");
      expect(isolated.slice(1).every((p) => p === "false")).toBe(true);
      await page.keyboard.press("Enter");
      expect((await pressed()).every((p) => p === "true")).toBe(true);
    });

    it("overlays two runs' loss and accuracy against their steps, and smooths the loss: 0.9 flattens it, 0 restores it", async () => {
      await page.goto(`${base}/compare?from=now-5m&to=now`);
      await page.waitForSelector('.compare-runs input[name="run"]');
      const ids = await page.$$eval('.compare-runs input[name="run"]', (boxes) =>
        boxes.map((b) => (b as HTMLInputElement).value),
      );
      expect(ids.length).toBeGreaterThanOrEqual(2);
      for (const id of ids.slice(0, 2)) {
        const draws = Number(await page.evaluate(() => document.body.dataset.compareDraws ?? 0));
        await page.check(`.compare-runs input[value="${id}"]`);
        await page.waitForFunction((n) => Number(document.body.dataset.compareDraws) > n, draws);
      }
      const params = new URL(page.url()).searchParams;
      expect([params.getAll("run"), params.get("x")]).toEqual([ids.slice(0, 2), "step"]);
      const legend = await page.$$eval('[data-panel-title="Loss"] .legend-name', (n) =>
        n.map((e) => e.textContent ?? ""),
      );
      console.log(`[viewer interactions] compare: ${legend.join(", ")}`);
      for (const id of ids.slice(0, 2)) {
        expect(legend.filter((name) => name.includes(id))).toHaveLength(2); // train and validation
      }
      const reports = await inspectPanels(page);
      for (const title of ["Loss", "Accuracy"]) {
        const report = reports.find((r) => r.title === title);
        expect([report?.state, (report?.coloredPixels ?? 0) > 100]).toEqual(["data", true]);
      }
      const box = await page.locator('[data-panel-title="Loss"] .u-over').boundingBox();
      if (!box) throw new Error("the loss overlay has no plot area");
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
      expect(await page.locator('[data-panel-title="Loss"] .tooltip-time').textContent()).toMatch(
        /^step \d+$/,
      );
      await page.mouse.move(1, 1);
      await page.screenshot({ path: join(screenshots, "viewer-compare-runs.png"), fullPage: true });

      const setSmoothing = async (value: number, color: string) => {
        const draws = Number(await page.evaluate(() => document.body.dataset.compareDraws ?? 0));
        await page.$eval(
          'input[name="smoothing"]',
          (input, v) => {
            (input as HTMLInputElement).value = String(v);
            input.dispatchEvent(new Event("input", { bubbles: true }));
          },
          value,
        );
        await page.waitForFunction((n) => Number(document.body.dataset.compareDraws) > n, draws);
        return lineWiggle(page, "Loss", color);
      };
      // Each run's train loss alone (its validation curve shares its colour, dashed): the
      // noisier of the two is the one to smooth.
      const colors = ["#7eb26d", "#eab839"]; // the palette's first two, one per run
      const isolate = (k: number) =>
        page
          .locator('[data-panel-title="Loss"] .legend-item', {
            has: page.locator(".legend-name", { hasText: new RegExp(`${ids[k]} train$`) }),
          })
          .click();
      const wiggles: number[] = [];
      for (const k of [0, 1]) {
        await isolate(k);
        wiggles.push(await setSmoothing(0, colors[k] as string));
        await isolate(k); // all again
      }
      const noisy = (wiggles[0] ?? 0) >= (wiggles[1] ?? 0) ? 0 : 1;
      await isolate(noisy);
      const raw = await setSmoothing(0, colors[noisy] as string);
      const smoothed = await setSmoothing(0.9, colors[noisy] as string);
      const restored = await setSmoothing(0, colors[noisy] as string);
      console.log(
        `[viewer interactions] train loss wiggles (up and down beyond its net fall, in loss): ${wiggles.map((w) => w.toFixed(3)).join(" and ")} for the two runs; the noisier ${raw.toFixed(3)} raw, ${smoothed.toFixed(3)} at smoothing 0.9, ${restored.toFixed(3)} back at 0`,
      );
      expect(new URL(page.url()).searchParams.get("smoothing")).toBe("0");
      expect(raw).toBeGreaterThan(0.01); // a noisy curve to flatten
      expect(smoothed).toBeLessThan(raw * 0.6);
      expect(Math.abs(restored - raw)).toBeLessThanOrEqual(raw * 0.02);
    });
  },
);
