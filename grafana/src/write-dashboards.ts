#!/usr/bin/env node
// Regenerates grafana/dashboards/*.json and the Kubernetes ConfigMap from grafana/src.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { dashboardsDir } from "./dashboards-dir.js";
import { renderConfigMap } from "./render-configmap.js";
import { renderDashboards } from "./render-dashboards.js";

for (const [file, text] of Object.entries(renderDashboards())) {
  writeFileSync(join(dashboardsDir, file), text);
  console.log(`wrote ${join(dashboardsDir, file)}`);
}

const configMap = join(dashboardsDir, "..", "kubernetes", "trainwatch-dashboards.configmap.yaml");
writeFileSync(configMap, renderConfigMap());
console.log(`wrote ${configMap}`);
