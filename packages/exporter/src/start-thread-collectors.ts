import type { Logger } from "@trainwatch/cli-kit";
import type { Registry } from "prom-client";
import type { ThreadCollector } from "./metrics-thread-protocol.js";

type Closeable = { close(): Promise<void> | void };
type StartCollector = (
  options: Record<string, unknown>,
) => Promise<Closeable | undefined> | Closeable | undefined;

/**
 * Starts each collector by importing its module on this thread. One that cannot be started is
 * logged and left out: monitoring trouble never stops training.
 */
export async function startThreadCollectors(
  collectors: readonly ThreadCollector[],
  { registry, logger }: { readonly registry: Registry; readonly logger: Logger },
): Promise<{ close(): Promise<void> }> {
  const started: Closeable[] = [];
  for (const { metrics, module, name, options } of collectors) {
    try {
      const exports = (await import(module)) as Record<string, unknown>;
      const start = exports[name];
      if (typeof start !== "function") throw new Error(`${module} exports no function ${name}`);
      const collector = await (start as StartCollector)({ ...options, registry, logger });
      if (collector) started.push(collector);
    } catch (error) {
      logger.warn(`${metrics} are off: ${(error as Error).message}`);
    }
  }
  return {
    async close() {
      await Promise.all(started.map((c) => c.close()));
    },
  };
}
