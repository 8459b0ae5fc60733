#!/usr/bin/env node
// Regenerates prometheus/rules/*.yml from the default thresholds, and prometheus/rules-fast/*.yml
// (the compose demo's timing) from the fast ones.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderRuleFiles } from "./render-rule-files.js";
import { fastRulesDir, rulesDir } from "./rules-dir.js";
import { defaultThresholds, fastThresholds } from "./thresholds.js";

for (const [dir, thresholds] of [
  [rulesDir, defaultThresholds],
  [fastRulesDir, fastThresholds],
] as const) {
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(renderRuleFiles(thresholds))) {
    writeFileSync(join(dir, file), text);
    console.log(`wrote ${join(dir, file)}`);
  }
}
