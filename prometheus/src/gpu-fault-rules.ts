import { type AlertingRule, type RuleGroup, runbook } from "./alerting-rule.js";
import { xidEventsWithin } from "./selectors.js";
import type { Thresholds } from "./thresholds.js";

/** Alerts on GPU faults the driver reports: XID events and failed row remaps. */
export function gpuFaultAlerts(t: Thresholds): RuleGroup {
  const w = t.gpuXid.window;
  const rules: AlertingRule[] = [
    {
      alert: "GpuXidError",
      expr: xidEventsWithin(w),
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
