#!/usr/bin/env node
// Writes docs/screenshots/<uid>.png, one per dashboard, from a real run: a native stack whose two
// workers train MNIST while worker-1 stalls and is stopped by TrainingStalled (fast alert timing),
// so the pictures show curves, the GPU replay, an alert annotation and a stop reason. The README
// shows the training overview's. Run after a build: `pnpm --filter @trainwatch/e2e screenshots`.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { dashboards } from "@trainwatch/grafana-dashboards";
import { repoRoot } from "../containers/compose-project.js";
import { waitForFinalStates } from "../query-prometheus.js";
import { startNativeStack } from "../start-native-stack.js";
import { inspectPanels, waitForRefresh } from "./inspect-panels.js";
import { browserSkipReason, launchBrowser } from "./launch-browser.js";

const skip = browserSkipReason();
if (skip) {
  console.error(`screenshots: ${skip}`);
  process.exit(1);
}
const out = join(repoRoot, "docs", "screenshots");
mkdirSync(out, { recursive: true });
const started = Date.now();
await using stack = await startNativeStack({
  alertTiming: "fast",
  faultTask: "worker-1",
  trainerArgs: [
    "--epochs",
    "30",
    "--train-size",
    "6000",
    "--validation-size",
    "1000",
    "--fault-stall-after",
    "700",
  ],
});
console.log("stack up; waiting for worker-0 to complete and worker-1 to be stopped by its alert");
await waitForFinalStates(stack.prometheusUrl, 2, {
  states: "completed|stopped",
  timeoutMs: 600_000,
});
const viewer = (await stack.status()).services.dashboards.url;
await using browser = await launchBrowser({ width: 1600, height: 1000 });
const page = await browser.context.newPage();
// The run's own span, in Grafana's absolute form (epoch milliseconds), so every curve fills the width.
const range = `from=${started - 30_000}&to=${Date.now() + 15_000}`;
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
