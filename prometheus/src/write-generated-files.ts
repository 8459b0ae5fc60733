#!/usr/bin/env node
// Regenerates prometheus/rules/*.yml from the production thresholds, prometheus/rules-fast/*.yml
// (the compose demo's timing) from the fast ones, and prometheus/alertmanager/alertmanager.yml.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { alertTimings } from "./alerting/alert-timings.js";
import {
  containerAlertmanagerConfig,
  renderAlertmanagerConfig,
} from "./alerting/render-alertmanager-config.js";
import { alertmanagerConfigFile, fastRulesDir, rulesDir } from "./generated-paths.js";
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
