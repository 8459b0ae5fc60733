import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { alertTimings, renderRuleFiles } from "@trainwatch/prometheus-config";
import { parseDocument } from "yaml";
import { repoRoot } from "./compose-project.js";

/**
 * Writes the fast alert timing for a container stack into `dir`: the rules rendered with the fast
 * thresholds, and prometheus.yml (and its HTTPS form) evaluating them every second. Returns the compose variables
 * that mount them instead of the repository's, and that make Thanos Rule (the `cluster` profile)
 * evaluate as often and re-send firing alerts every 2 s, as `up --nodes N` does with fast timing.
 */
export function writeFastTimingConfig(dir: string): Record<string, string> {
  const { thresholds, resendDelay } = alertTimings.fast;
  const rules = join(dir, "rules");
  mkdirSync(rules, { mode: 0o755 });
  for (const [file, text] of Object.entries(renderRuleFiles(thresholds)))
    writeFileSync(join(rules, file), text, { mode: 0o644 });
  // prometheus.yml, and its HTTPS form that docker-compose.tls.yml mounts instead.
  const [configFile, tlsConfigFile] = ["prometheus.yml", "tls/prometheus.yml"].map((name) => {
    const config = parseDocument(readFileSync(join(repoRoot, "prometheus", name), "utf8"));
    config.setIn(["global", "evaluation_interval"], thresholds.evaluationInterval);
    const file = join(dir, name.replace("/", "-"));
    writeFileSync(file, `# The fast alert timing of the e2e suite.\n${config.toString()}`, {
      mode: 0o644,
    });
    return file;
  }) as [string, string];
  return {
    TRAINWATCH_RULES_DIR: rules,
    TRAINWATCH_PROMETHEUS_CONFIG: configFile,
    TRAINWATCH_PROMETHEUS_TLS_CONFIG: tlsConfigFile,
    TRAINWATCH_EVALUATION_INTERVAL: thresholds.evaluationInterval,
    TRAINWATCH_RESEND_DELAY: resendDelay,
  };
}
