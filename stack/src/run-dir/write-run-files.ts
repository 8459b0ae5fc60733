import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderRuleFiles, type Thresholds } from "@trainwatch/prometheus-config";

/** Writes a secret readable by this user only; returns its path. */
export function writeSecret(dir: string, name: string, value: string): string {
  const secrets = join(dir, "secrets");
  mkdirSync(secrets, { recursive: true, mode: 0o700 });
  const file = join(secrets, name);
  writeFileSync(file, value, { mode: 0o600 });
  return file;
}

/** Renders the rule files with `thresholds` into `<dir>/rules`; returns the glob Prometheus loads. */
export function writeRuleFiles(dir: string, thresholds: Thresholds): string {
  const rules = join(dir, "rules");
  mkdirSync(rules, { recursive: true });
  for (const [file, text] of Object.entries(renderRuleFiles(thresholds)))
    writeFileSync(join(rules, file), text);
  return join(rules, "*.yml");
}
