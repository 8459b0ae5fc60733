import type { Thresholds } from "./thresholds.js";

/** Where an alert's runbook is served: `docs/runbooks/<Alert>.md` under the thresholds' base URL. */
export const runbook = (t: Thresholds, alert: string): string => `${t.runbookBaseUrl}/${alert}.md`;

/** A Prometheus duration such as `10m` or `30s` in seconds. */
export function durationSeconds(duration: string): number {
  const match = /^(\d+)([smh])$/.exec(duration);
  if (!match) throw new Error(`expected a duration such as 30s, 10m or 1h, got ${duration}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as "s" | "m" | "h"];
}

/** A Prometheus recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

export type Severity = "critical" | "warning" | "none";

/** A Prometheus alerting rule with the annotations every trainwatch alert carries. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: { readonly severity: Severity } & Readonly<Record<string, string>>;
  readonly annotations: {
    readonly summary: string;
    readonly description: string;
    readonly runbook_url: string;
  };
}

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

/** Joins PromQL written over several lines into the one-line form the YAML keeps readable. */
export const promql = (strings: TemplateStringsArray, ...values: unknown[]): string =>
  String.raw({ raw: strings }, ...values)
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .join("\n");
