#!/usr/bin/env node
// Regenerates prometheus/rules/*.yml from the production thresholds, prometheus/rules-fast/*.yml
// (the compose demo's timing) from the fast ones, prometheus/alertmanager/alertmanager.yml,
// prometheus/tls/ (docker-compose.tls.yml's configs) and docs/alerts.md.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { alertTimings } from "./alerting/alert-timings.js";
import {
  containerAlertmanagerConfig,
  renderAlertmanagerConfig,
} from "./alerting/render-alertmanager-config.js";
import {
  alertmanagerConfigFile,
  alertReferenceFile,
  composeTlsDir,
  fastRulesDir,
  rulesDir,
} from "./generated-paths.js";
import { renderAlertReference } from "./render-alert-reference.js";
import { renderComposeTlsFiles } from "./render-compose-tls-files.js";
import { renderRuleFiles } from "./render-rule-files.js";

for (const [dir, { thresholds }] of [
  [rulesDir, alertTimings.production],
  [fastRulesDir, alertTimings.fast],
] as const) {
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(renderRuleFiles(thresholds))) {
    writeFileSync(join(dir, file), text);
    console.log(`wrote ${join(dir, file)}`);
  }
}
writeFileSync(alertmanagerConfigFile, renderAlertmanagerConfig(containerAlertmanagerConfig));
console.log(`wrote ${alertmanagerConfigFile}`);
mkdirSync(composeTlsDir, { recursive: true });
for (const [name, text] of Object.entries(renderComposeTlsFiles())) {
  writeFileSync(join(composeTlsDir, name), text);
  console.log(`wrote ${join(composeTlsDir, name)}`);
}
writeFileSync(alertReferenceFile, renderAlertReference(alertTimings.production.thresholds));
console.log(`wrote ${alertReferenceFile}`);
