#!/usr/bin/env node
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import { dashboards } from "@trainwatch/grafana-dashboards";
// Writes docs/screenshots/<uid>.png, one per dashboard, and explore.png from the demo itself:
// `trainwatch up --demo` runs until worker-1 was stopped early by TrainingNoImprovement and, in its
// next run, by TrainingStalled, and the replayed GPU's thermal episode is over, so the pictures
// show the story a newcomer sees. The README shows the training overview's. Run after a build:
// `pnpm --filter @trainwatch/e2e screenshots`.
import {
  browserSkipReason,
  inspectPanels,
  launchBrowser,
  queryPrometheus,
  repoRoot,
  startNativeStack,
  waitForRefresh,
} from "@trainwatch/harness";

const skip = browserSkipReason();
if (skip) {
  console.error(`screenshots: ${skip}`);
  process.exit(1);
}
const out = join(repoRoot, "docs", "screenshots");
mkdirSync(out, { recursive: true });
const started = Date.now();
// Example prices, so Run comparison shows what a priced run looks like (cost.yml ships empty).
const costConfig = join(mkdtempSync(join(tmpdir(), "trainwatch-screenshots-")), "cost.yml");
writeFileSync(
  costConfig,
  'gpuHourDollars:\n  "NVIDIA H100 80GB HBM3": 2.49\ngridGramsPerKwh: 400\n',
);
await using stack = await startNativeStack({ upArgs: ["--demo"], costConfig });
console.log("the demo is up; waiting for its early stop, its stall and the GPU's thermal episode");
const story = {
  "both stops": "count(max by (reason) (max_over_time(training_stop_info[15m]))) >= 2",
  "a thermal episode that ended":
    'max_over_time(gpu_clock_event_active{reason="hw_thermal_slowdown"}[15m]) == 1 and gpu_clock_event_active{reason="hw_thermal_slowdown"} == 0',
};
for (const [what, query] of Object.entries(story))
  await waitFor(async () => (await queryPrometheus(stack.prometheusUrl, query)).length > 0, {
    what,
    timeoutMs: 600_000,
    intervalMs: 2000,
  });
// A little more, so the charts show the runs that followed.
await new Promise((resolve) => setTimeout(resolve, 20_000));
const viewer = (await stack.status()).services.dashboards.url;
await using browser = await launchBrowser({ width: 1600, height: 1000 });
const page = await browser.context.newPage();
// The demo's own span, in Grafana's absolute form (epoch milliseconds), as its banner frames it.
const range = `from=${started - 10_000}&to=${Date.now() + 5_000}`;
for (const dashboard of Object.values(dashboards())) {
  await page.goto(`${viewer}/d/${dashboard.uid}?var-job=All&var-task=All&${range}&refresh=`);
  await waitForRefresh(page);
  const file = join(out, `${dashboard.uid}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const panels = await inspectPanels(page);
  console.log(
    `${file}: ${panels.filter((p) => p.state === "data").length} of ${panels.length} panels with data`,
  );
}
// Explore: the story's throughput beside the GPU's thermal slowdown, and a query being completed.
const exprs = [
  'job_task:training_examples:rate{job="mnist_mlp"}',
  'max by (gpu, reason) (gpu_clock_event_active{reason="hw_thermal_slowdown"}) * 1000',
];
await page.goto(
  `${viewer}/explore?${exprs.map((e) => `expr=${encodeURIComponent(e)}`).join("&")}&${range}`,
);
await page.waitForFunction(() => Number(document.body.dataset.exploreRuns ?? 0) >= 1);
await page.click(".explore-add");
await page.keyboard.type("training_lo", { delay: 30 });
await page.waitForSelector(".cm-tooltip-autocomplete");
await page.waitForTimeout(500);
await page.screenshot({ path: join(out, "explore.png") });
console.log(`${join(out, "explore.png")}: Explore with two queries, and a third being completed`);

// A closer look, as a person takes one: a drag across the loss chart zooms every panel to it.
await page.goto(`${viewer}/d/trainwatch-training?var-job=All&var-task=All&${range}&refresh=`);
await waitForRefresh(page);
const loss = await page
  .locator('[data-panel-title="Train vs validation loss"] .u-over')
  .boundingBox();
if (!loss) throw new Error("the loss chart has no plot area");
await page.mouse.move(loss.x + loss.width * 0.3, loss.y + loss.height / 2);
await page.mouse.down();
await page.mouse.move(loss.x + loss.width * 0.65, loss.y + loss.height / 2, { steps: 10 });
await page.mouse.up();
await waitForRefresh(page, 2);
await page.mouse.move(1, 1);
await page.screenshot({ path: join(out, "viewer-zoomed.png"), fullPage: true });
console.log(`${join(out, "viewer-zoomed.png")}: the overview zoomed by a drag (${page.url()})`);

// Two runs overlaid against their steps, the loss smoothed as TensorBoard smooths it.
await page.goto(`${viewer}/compare?${range}&x=step&smoothing=0.6`);
await page.waitForSelector('.compare-runs input[name="run"]');
const boxes = page.locator('.compare-runs input[name="run"]');
for (const index of [0, 1]) {
  const draws = Number(await page.evaluate(() => document.body.dataset.compareDraws ?? 0));
  await boxes.nth(index).check();
  await page.waitForFunction((n) => Number(document.body.dataset.compareDraws) > n, draws);
}
await page.screenshot({ path: join(out, "viewer-compare-runs.png"), fullPage: true });
console.log(`${join(out, "viewer-compare-runs.png")}: two runs overlaid (${page.url()})`);
