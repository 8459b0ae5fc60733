import { type Metric, Registry } from "prom-client";
import type { MetricFamilyJson } from "./exposition/to-protobuf.js";
import { registerDefaultMetrics } from "./register-default-metrics.js";
import { registerTrainingMetrics } from "./register-training-metrics.js";
import { SharedRunValues } from "./shared-run-values.js";
import type { TrainingMemory } from "./training-memory.js";

/** What a trainer's `/metrics` renders, and how the training thread's own families get there. */
export interface TrainerRegistry {
  readonly registry: Registry;
  /** The run's state as the training thread last wrote it. */
  readonly state: SharedRunValues;
  /** Registers (the first time) or updates the training thread's families, as it sends them. */
  mirrorThreadFamilies(families: readonly MetricFamilyJson[]): void;
}

/**
 * The registry a trainer's metrics thread renders: prom-client's process metrics, the training
 * metrics read from `memory` (a recorder's, written by the training thread), and the training thread's isolate metrics (`nodejs_*`), which only
 * that thread can read: it sends them (`getMetricsAsJSON`) every few seconds and each family
 * answers a scrape with the latest values sent, so one registry renders every format.
 */
export function createTrainerRegistry(
  labels: Readonly<{ job: string; task: string }>,
  memory: TrainingMemory,
): TrainerRegistry {
  const state = new SharedRunValues(memory);
  const registry = new Registry();
  registerDefaultMetrics(registry, "process");
  registerTrainingMetrics(registry, labels, state);
  const threadFamilies = new Map<string, MetricFamilyJson>();
  return {
    registry,
    state,
    mirrorThreadFamilies(families) {
      for (const family of families) {
        if (!threadFamilies.has(family.name)) {
          const { name, help, type } = family;
          const get = async () => threadFamilies.get(name);
          registry.registerMetric({
            name,
            help,
            type,
            aggregator: "sum",
            get,
          } as unknown as Metric);
        }
        threadFamilies.set(family.name, family);
      }
    },
  };
}
