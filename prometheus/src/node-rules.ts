import {
  type AlertingRule,
  promql,
  type RecordingRule,
  type RuleGroup,
  runbook,
} from "./alerting-rule.js";
import { recorded as r } from "./selectors.js";
import type { Thresholds } from "./thresholds.js";

/**
 * The newest `up` sample of each node of the distributed stack (the `node` label its agent
 * adds), recorded so that a node's silence outlives the query lookback: `up` itself vanishes
 * from instant queries five minutes after its last sample.
 */
export function nodeRecordingRules(): RuleGroup {
  const rules: RecordingRule[] = [
    { record: r.nodeNewestSample, expr: 'max by (node) (timestamp(up{node!=""}))' },
  ];
  return { name: "trainwatch.pipeline.nodes", rules };
}

/**
 * NodeMetricsDelayed: one node's data stopped arriving while another node's still arrives.
 * When every node is silent at once, the store or the rule evaluator is cut off, not a node,
 * and the alert stays quiet; so it does on a single machine, which has no `node` label.
 */
export function nodeAlerts(t: Thresholds): RuleGroup {
  const { seconds, memory } = t.nodeDelayed;
  const age = `time() - max by (node) (last_over_time(${r.nodeNewestSample}[${memory}]))`;
  const rules: AlertingRule[] = [
    {
      alert: "NodeMetricsDelayed",
      expr: promql`
        ${age} > ${seconds}
        and on () (count(${age} <= ${seconds}) > 0)`,
      for: t.nodeDelayed.for,
      labels: { severity: "warning" },
      annotations: {
        summary: "No metrics from node {{ $labels.node }} for {{ $value | humanizeDuration }}",
        description: `The newest sample of node {{ $labels.node }} is more than ${seconds} s old while other nodes' arrive: its agent is down or cut off from the store. Its trainers' alerts are silent meanwhile; the agent delivers what it buffered when the link returns.`,
        runbook_url: runbook(t, "NodeMetricsDelayed"),
      },
    },
  ];
  return { name: "trainwatch.pipeline.nodes.alerts", rules };
}
