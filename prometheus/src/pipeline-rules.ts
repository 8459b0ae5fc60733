import type { AlertingRule, RuleGroup } from "./alerting-rule.js";
import type { Thresholds } from "./thresholds.js";

/** Alerts on the monitoring pipeline itself. */
export function pipelineAlerts(t: Thresholds): RuleGroup {
  const rules: AlertingRule[] = [
    {
      alert: "PushgatewayPushFailing",
      expr: "push_failure_time_seconds > push_time_seconds",
      for: t.pushFailing.for,
      labels: { severity: "warning" },
      annotations: {
        summary: "Pushes of {{ $labels.job }}/{{ $labels.task }} to the Pushgateway fail",
        description:
          "The last push to this group failed after an earlier one succeeded: the run's final state may be missing.",
        runbook_url: `${t.runbookBaseUrl}/PushgatewayPushFailing.md`,
      },
    },
    {
      alert: "Watchdog",
      expr: "vector(1)",
      labels: { severity: "none" },
      annotations: {
        summary: "The alerting pipeline works",
        description:
          "Always firing. If it stops arriving, Prometheus or Alertmanager is down: route it to a dead man's switch.",
        runbook_url: `${t.runbookBaseUrl}/Watchdog.md`,
      },
    },
  ];
  return { name: "trainwatch.pipeline.alerts", rules };
}
