import { type AlertingRule, promql, type RuleGroup } from "./alerting-rule.js";
import type { Thresholds } from "./thresholds.js";

const runbook = (t: Thresholds, alert: string) => `${t.runbookBaseUrl}/${alert}.md`;

/** Alerts on GPU faults the driver reports: XID events and failed row remaps. */
export function gpuFaultAlerts(t: Thresholds): RuleGroup {
  const w = t.gpuXid.window;
  const rules: AlertingRule[] = [
    {
      alert: "GpuXidError",
      // A code's series appears with its first event, which increase() cannot see: a series
      // younger than the window counts as new events too.
      expr: promql`
        increase(gpu_xid_errors_total[${w}]) > 0
        or (gpu_xid_errors_total > 0 unless gpu_xid_errors_total offset ${w})`,
      labels: { severity: "critical" },
      annotations: {
        summary: "GPU {{ $labels.gpu }} on {{ $labels.instance }} reported XID {{ $labels.xid }}",
        description: `The driver reported XID error {{ $labels.xid }} on GPU {{ $labels.gpu }} ({{ $labels.uuid }}) in the last ${w}. The runbook says what the code means and whether the GPU needs a reset or service.`,
        runbook_url: runbook(t, "GpuXidError"),
      },
    },
    {
      alert: "GpuRowRemapFailure",
      expr: "gpu_row_remap_failed == 1",
      labels: { severity: "critical" },
      annotations: {
        summary: "GPU {{ $labels.gpu }} on {{ $labels.instance }} failed to remap a memory row",
        description:
          "A row remap failed on GPU {{ $labels.gpu }} ({{ $labels.uuid }}): its memory has errors it can no longer hide. Drain it and have it serviced.",
        runbook_url: runbook(t, "GpuRowRemapFailure"),
      },
    },
  ];
  return { name: "trainwatch.gpu.faults", rules };
}
