import type { MetricDefinition } from "@trainwatch/catalog";
import type { Metric } from "prom-client";

/** A histogram of one label set that observes without hashing or allocating. */
export interface StepHistogram {
  observe(value: number): void;
  /** The prom-client metric to register; it renders the counts at scrape time. */
  readonly metric: Metric;
}

/**
 * Creates a fixed-label histogram for the per-step hot path over `storage`: one count per
 * bucket bound, one for +Inf, then the sum (shared memory when another thread scrapes).
 * prom-client's own `observe` hashes the labels and may allocate on every call; this one counts
 * into the typed array and renders prom-client's exposition shape (`get()`) only when scraped.
 * The count is the buckets' total, so a scrape between two writes never shows buckets and count
 * that disagree.
 */
export function createStepHistogram(
  definition: MetricDefinition,
  labels: Readonly<Record<string, string>>,
  storage: Float64Array,
): StepHistogram {
  const bounds = definition.buckets ?? [];
  const sumSlot = bounds.length + 1;
  const metric = {
    name: definition.name,
    help: definition.help,
    type: "histogram",
    aggregator: "sum",
    get: async () => {
      let cumulative = 0;
      const bucket = (le: number | string, value: number) => ({
        metricName: `${definition.name}_bucket`,
        labels: { ...labels, le },
        value,
      });
      const values = bounds.map((bound, i) => {
        cumulative += storage[i] as number;
        return bucket(bound, cumulative);
      });
      const count = cumulative + (storage[bounds.length] as number);
      values.push(bucket("+Inf", count));
      return {
        name: definition.name,
        help: definition.help,
        type: "histogram",
        aggregator: "sum",
        values: [
          ...values,
          { metricName: `${definition.name}_sum`, labels, value: storage[sumSlot] as number },
          { metricName: `${definition.name}_count`, labels, value: count },
        ],
      };
    },
    reset: () => storage.fill(0),
  };
  return {
    observe(value) {
      let i = 0;
      while (i < bounds.length && value > (bounds[i] as number)) i += 1;
      storage[i] = (storage[i] as number) + 1;
      storage[sumSlot] = (storage[sumSlot] as number) + value;
    },
    // prom-client renders any object with name, help, type and get(); its types name only its classes.
    metric: metric as unknown as Metric,
  };
}
