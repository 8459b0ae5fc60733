import { collectDefaultMetrics, type Registry } from "prom-client";

/** prom-client's default metrics that describe one thread (V8 isolate), not the process. */
const isPerThread = (name: string) => name.startsWith("nodejs_") && name !== "nodejs_version_info";

/**
 * prom-client's gauges named like counters, which `promtool check metrics` rejects ("non-counter
 * metrics should not have _total suffix"): each is the sum over the `type` label of its
 * namesake without `_total` (`nodejs_active_handles` …), which stays.
 */
const gaugesNamedTotal = new Set([
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
]);

/**
 * Registers the part of prom-client's default metrics that `scope` asks for: `process` for the
 * process-wide ones (CPU, resident memory, file descriptors, start time, Node's version), which
 * any thread reads alike; `thread` for those of the calling thread's isolate (heap, GC, event
 * loop, handles), which only the thread itself can read; `all` for both, in a process with one
 * thread that matters (the GPU collector, the alert receiver). Leaves out the three gauges
 * named `*_total` (their per-type namesakes sum to them), so `promtool check metrics` passes.
 */
export function registerDefaultMetrics(
  registry: Registry,
  scope: "process" | "thread" | "all",
): void {
  collectDefaultMetrics({ register: registry });
  for (const metric of registry.getMetricsAsArray()) {
    const { name } = metric as unknown as { name: string };
    const wrongScope = scope !== "all" && isPerThread(name) !== (scope === "thread");
    if (wrongScope || gaugesNamedTotal.has(name)) registry.removeSingleMetric(name);
  }
}
