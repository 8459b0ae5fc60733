#!/usr/bin/env node
// Regenerates grafana/dashboards/*.json from grafana/src (deploy/ wraps them in a ConfigMap).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { dashboardsDir } from "./dashboards-dir.js";
import { renderDashboards } from "./render-dashboards.js";

for (const [file, text] of Object.entries(renderDashboards())) {
  writeFileSync(join(dashboardsDir, file), text);
  console.log(`wrote ${join(dashboardsDir, file)}`);
}
