import { readFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import {
  browserSkipReason,
  checkLinks,
  createFreshCheckout,
  inspectPanels,
  launchBrowser,
  ownProcessesUnder,
  panelDrawn,
  repoRoot,
  runStartCommand,
} from "@trainwatch/harness";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

const skip = browserSkipReason();
if (skip) console.log(`[newcomer] SKIPPED: ${skip}`);

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

/** What a panel of an open dashboard page shows now: its table's rows, its marks, whether drawn. */
async function panel(page: Page, title: string) {
  const found = (await inspectPanels(page)).find((p) => p.title === title);
  const annotations = await page
    .locator(`[data-panel-title="${title}"]`)
    .getAttribute("data-annotations");
  const rows = await page.$$eval(`[data-panel-title="${title}"] tbody tr`, (trs) =>
    trs.map((tr) => tr.textContent ?? ""),
  );
  return { drawn: found ? panelDrawn(found) : false, annotations: annotations ?? "", rows };
}

describe.skipIf(skip)(
  "a newcomer's first minutes: the README's `npm start` on a fresh checkout",
  () => {
    it(
      "prints the dashboards' URL, then the demo tells its story in the browser, every printed URL opens, Ctrl-C leaves nothing, and a second start is quick",
      async () => {
        await using checkout = createFreshCheckout(repoRoot);
        const readme = readFileSync(join(checkout.dir, "README.md"), "utf8");
        expect(readme, "the README's first command").toMatch(/^npm start\b/m);
        const started = Date.now();
        const first = runStartCommand("npm", ["start"], { cwd: checkout.dir, env: checkout.env });
        const banner = await first.banner(8 * 60_000);
        const urlAt = Date.now();
        console.log(
          `[newcomer] first \`npm start\` (empty HOME, Go's caches shared): the dashboards' URL after ${seconds(urlAt - started)}; its setup said:\n${first
            .output()
            .split("\n")
            .filter(
              (l) =>
                l.startsWith("trainwatch setup:") ||
                l.includes("Binaries") ||
                l.includes("Versions"),
            )
            .join("\n")}`,
        );
        expect(first.output()).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
        expect(first.output()).not.toContain("Telemetry");

        // The story, with nobody touching anything: each item's time after the URL appeared.
        await using browser = await launchBrowser({ width: 1600, height: 1000 });
        const from = new URL(banner.dashboards).searchParams.get("from");
        const base = new URL(banner.dashboards).origin;
        const open = async (path: string) => {
          const page = await browser.context.newPage();
          await page.goto(`${base}${path}`);
          return page;
        };
        const overview = await open(
          new URL(banner.dashboards).pathname + new URL(banner.dashboards).search,
        );
        const fleet = await open(`/d/trainwatch-gpu-fleet?from=${from}&to=now&refresh=5s`);
        const comparison = await open(
          `/d/trainwatch-run-comparison?var-job=All&var-task=All&from=${from}&to=now&refresh=5s`,
        );
        const story: Record<string, () => Promise<boolean>> = {
          "early stop (TrainingNoImprovement) in Stop reason": async () =>
            (await panel(overview, "Stop reason")).rows.some((r) =>
              r.includes("TrainingNoImprovement"),
            ),
          "stall stopped (TrainingStalled) in Stop reason": async () =>
            (await panel(overview, "Stop reason")).rows.some((r) => r.includes("TrainingStalled")),
          "thermal slowdown marked on Throughput": async () =>
            (await panel(overview, "Throughput")).annotations.includes("GPU thermal slowdown"),
          "thermal slowdown marked on the GPU fleet's SM clock": async () =>
            (await panel(fleet, "SM clock")).annotations.includes("GPU thermal slowdown"),
          "Energy per job": async () => (await panel(comparison, "Energy")).rows.length > 0,
          "Joules per accuracy point": async () =>
            (await panel(comparison, "Joules per accuracy point")).drawn,
        };
        const seenAt: Record<string, number> = {};
        await waitFor(
          async () => {
            for (const [what, check] of Object.entries(story))
              if (seenAt[what] === undefined && (await check().catch(() => false)))
                seenAt[what] = Date.now() - urlAt;
            return Object.keys(seenAt).length === Object.keys(story).length;
          },
          {
            what: `the demo's story in the browser (seen: ${JSON.stringify(seenAt)})`,
            timeoutMs: 5 * 60_000,
            intervalMs: 2000,
          },
        ).catch((error: Error) => {
          throw new Error(
            `${error.message}; not seen: ${Object.keys(story)
              .filter((w) => !(w in seenAt))
              .join(", ")}`,
          );
        });
        console.log(
          `[newcomer] seen in the browser, after the URL: ${Object.entries(seenAt)
            .sort(([, a], [, b]) => a - b)
            .map(([what, ms]) => `${what} ${seconds(ms)}`)
            .join("; ")}`,
        );
        await overview.screenshot({
          path: "test-results/screenshots/newcomer-overview.png",
          fullPage: true,
        });

        // Every URL the banner prints opens, without an error.
        const links = await checkLinks(browser.context, banner.urls);
        console.log(
          `[newcomer] link check: ${links.map((l) => `${l.status} ${l.url}`).join(", ")}`,
        );
        expect(links.filter((l) => l.status !== 200 || l.errors.length > 0)).toEqual([]);

        // Ctrl-C stops everything but the background build of the pinned releases.
        await first.interrupt();
        expect(first.output()).toContain("stopped; nothing left running");
        expect(ownProcessesUnder(checkout.dir).filter((p) => !p.includes(" binaries "))).toEqual(
          [],
        );

        // A later start, once the pinned releases are built (Go's caches are shared: a relink).
        const build = await waitFor(
          () =>
            ownProcessesUnder(checkout.dir).length === 0 &&
            readFileSync(join(checkout.home, ".cache/trainwatch/build.log"), "utf8"),
          {
            what: "the background build of the pinned releases to end",
            timeoutMs: 10 * 60_000,
            intervalMs: 2000,
          },
        ).catch(() => "(no background build: no Go here)");
        console.log(
          `[newcomer] the background build's last line: ${build.trim().split("\n").at(-1)}`,
        );
        const hasGo = checkout.env.GOMODCACHE !== undefined;
        if (hasGo) expect(build).not.toMatch(/missing|failed/);
        const again = Date.now();
        const second = runStartCommand("npm", ["start"], { cwd: checkout.dir, env: checkout.env });
        const secondBanner = await second.banner(3 * 60_000);
        console.log(
          `[newcomer] second \`npm start\`: the dashboards' URL after ${seconds(Date.now() - again)}; ${/Versions\s+(.*)/.exec(secondBanner.text)?.[1]}`,
        );
        if (hasGo) expect(secondBanner.text).toMatch(/Prometheus [\d.]+ \(upstream build\)/);
        await second.interrupt();
        expect(ownProcessesUnder(checkout.dir)).toEqual([]);
      },
      25 * 60_000,
    );
  },
);
