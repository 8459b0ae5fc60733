import { collectDefaultMetrics, type Registry } from "prom-client";

/** prom-client's default metrics that describe one thread (V8 isolate), not the process. */
const isPerThread = (name: string) => name.startsWith("nodejs_") && name !== "nodejs_version_info";

/**
 * Registers the part of prom-client's default metrics that `scope` asks for: `process` for the
 * process-wide ones (CPU, resident memory, file descriptors, start time, Node's version), which
 * any thread reads alike; `thread` for those of the calling thread's isolate (heap, GC, event
 * loop, handles), which only the thread itself can read.
 */
export function registerDefaultMetrics(registry: Registry, scope: "process" | "thread"): void {
  collectDefaultMetrics({ register: registry });
  for (const metric of registry.getMetricsAsArray()) {
    const { name } = metric as unknown as { name: string };
    if (isPerThread(name) !== (scope === "thread")) registry.removeSingleMetric(name);
  }
}
