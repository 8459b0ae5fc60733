import { type AlertingRule, promql, type RuleGroup, runbook } from "./alerting-rule.js";
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
    // An overloaded pipeline degrades before it goes dark: scrapes slow towards their timeout,
    // an agent's remote write falls behind. Both say so while the data still arrives.
    {
      alert: "ScrapeSlow",
      expr: promql`
        avg_over_time(scrape_duration_seconds{job=~"trainers|gpu"}[${t.scrapeSlow.window}])
        > ${t.scrapeSlow.seconds}`,
      for: t.scrapeSlow.for,
      labels: { severity: "warning" },
      annotations: {
        summary:
          "Scrapes of {{ $labels.instance }} ({{ $labels.job }}) take {{ $value | humanizeDuration }} on average",
        description: `Over ${t.scrapeSlow.window}, near the 1 s scrape timeout: the target or its scraper is overloaded (CPU, a blocked metrics thread, too many targets for one scraper). Next its scrapes time out and it looks down while it still runs.`,
        runbook_url: runbook(t, "ScrapeSlow"),
      },
    },
    {
      alert: "RemoteWriteBehind",
      expr: promql`
        max by (job, instance, node) (prometheus_remote_storage_highest_timestamp_in_seconds)
        - max by (job, instance, node) (prometheus_remote_storage_queue_highest_sent_timestamp_seconds)
        > ${t.remoteWriteBehind.seconds}`,
      for: t.remoteWriteBehind.for,
      labels: { severity: "warning" },
      annotations: {
        summary:
          "The agent {{ $labels.instance }} remote-writes {{ $value | humanizeDuration }} behind",
        description: `Its newest sample sent to the store is more than ${t.remoteWriteBehind.seconds} s older than its newest scraped one: the store (the receive router, the receivers) cannot keep up, or the link is slow. Alerts evaluated on the store see this node's data that late; the agent keeps the rest in its WAL.`,
        runbook_url: runbook(t, "RemoteWriteBehind"),
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
