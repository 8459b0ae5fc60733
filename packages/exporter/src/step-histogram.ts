import type { MetricDefinition } from "@trainwatch/catalog";
import type { Metric } from "prom-client";

/** A histogram of one label set that observes without hashing or allocating. */
export interface StepHistogram {
  observe(value: number): void;
  /** The prom-client metric to register; it renders the counts at scrape time. */
  readonly metric: Metric;
}

/**
 * Creates a fixed-label histogram for the per-step hot path. prom-client's own `observe` hashes
 * the labels and may allocate on every call; this one counts into a typed array and renders
 * the prom-client exposition shape (`get()`) only when scraped.
 */
export function createStepHistogram(
  definition: MetricDefinition,
  labels: Readonly<Record<string, string>>,
): StepHistogram {
  const bounds = definition.buckets ?? [];
  const counts = new Float64Array(bounds.length + 1);
  let sum = 0;
  let count = 0;
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
        cumulative += counts[i] ?? 0;
        return bucket(bound, cumulative);
      });
      values.push(bucket("+Inf", count));
      return {
        name: definition.name,
        help: definition.help,
        type: "histogram",
        aggregator: "sum",
        values: [
          ...values,
          { metricName: `${definition.name}_sum`, labels, value: sum },
          { metricName: `${definition.name}_count`, labels, value: count },
        ],
      };
    },
    reset: () => {
      counts.fill(0);
      sum = 0;
      count = 0;
    },
  };
  return {
    observe(value) {
      let i = 0;
      while (i < bounds.length && value > (bounds[i] as number)) i += 1;
      counts[i] = (counts[i] ?? 0) + 1;
      sum += value;
      count += 1;
    },
    // prom-client renders any object with name, help, type and get(); its types name only its classes.
    metric: metric as unknown as Metric,
  };
}
