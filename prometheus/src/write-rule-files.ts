#!/usr/bin/env node
// Regenerates prometheus/rules/*.yml from the default thresholds.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderRuleFiles } from "./render-rule-files.js";
import { rulesDir } from "./rules-dir.js";
import { defaultThresholds } from "./thresholds.js";

for (const [file, text] of Object.entries(renderRuleFiles(defaultThresholds))) {
  writeFileSync(join(rulesDir, file), text);
  console.log(`wrote ${join(rulesDir, file)}`);
}
