import type { MetricDefinition } from "@trainwatch/catalog";
import type { Metric } from "prom-client";
import {
  type NativeHistogramValue,
  nativeLayout,
  nativeSlot,
  readNativeHistogram,
} from "./exposition/native-histogram.js";

/** A histogram of one label set that observes without hashing or allocating. */
export interface StepHistogram {
  observe(value: number): void;
  /** The prom-client metric to register; it renders the counts at scrape time. */
  readonly metric: Metric;
}

/** Where a step histogram counts: shared memory when another thread scrapes. */
export interface StepHistogramStorage {
  /** One count per classic bucket bound, one for +Inf, then the sum. */
  readonly classic: Float64Array;
  /** The native form's slots ({@link nativeLayout} of the definition's schema); empty: no native form. */
  readonly native: Float64Array;
}

/** The labels and native histogram of one series, beside prom-client's classic values. */
export interface NativeHistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly native: NativeHistogramValue;
}

/** What the step histogram's `get()` returns: prom-client's shape, and its native form. */
export interface HistogramWithNative {
  readonly nativeHistograms?: readonly NativeHistogramSeries[];
}

/** Slots of a classic histogram's storage for `definition`: its bounds, +Inf, the sum. */
export const classicSlots = (definition: MetricDefinition) => (definition.buckets?.length ?? 0) + 2;

/** Slots of a native histogram's storage for `definition`'s schema. */
export const nativeSlots = (definition: MetricDefinition) =>
  nativeLayout(definition.nativeSchema ?? 0).slots;

/**
 * Creates a fixed-label histogram for the per-step hot path over `storage`, in both forms at
 * once: the classic buckets the catalog lists and the native (exponential) buckets of its
 * schema. prom-client's own `observe` hashes the labels and may allocate on every call; this one
 * counts into the typed arrays and renders prom-client's exposition shape (`get()`) only when
 * scraped, with the native form beside it (`nativeHistograms`) for the protobuf format and OTLP.
 * Each form's count is its buckets' total, so a scrape between two writes never shows buckets
 * and count that disagree.
 */
export function createStepHistogram(
  definition: MetricDefinition,
  labels: Readonly<Record<string, string>>,
  storage: StepHistogramStorage,
): StepHistogram {
  const bounds = definition.buckets ?? [];
  const layout = nativeLayout(definition.nativeSchema ?? 0);
  const { classic, native } = storage;
  const withNative = native.length > 0;
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
        cumulative += classic[i] as number;
        return bucket(bound, cumulative);
      });
      const count = cumulative + (classic[bounds.length] as number);
      values.push(bucket("+Inf", count));
      const sum = classic[sumSlot] as number;
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
        ...(withNative && {
          nativeHistograms: [{ labels, native: readNativeHistogram(layout, native, sum) }],
        }),
      };
    },
    reset: () => {
      classic.fill(0);
      native.fill(0);
    },
  };
  // Per native bucket, the first classic bucket a value in it can fall in: the native slot, which
  // a logarithm finds, leaves the classic search a step or none instead of a walk from the first.
  const classicStart = new Uint8Array(layout.slots);
  for (let slot = 1; slot < layout.slots; slot++) {
    let i = 0;
    while (i < bounds.length && (layout.bounds[slot - 1] as number) >= (bounds[i] as number))
      i += 1;
    classicStart[slot] = i;
  }
  // Successive steps take about as long as each other: the native bucket of the last one, or a
  // neighbour, holds most values, which two comparisons confirm where a logarithm costs more.
  const upper = layout.bounds;
  let last = 0;
  return {
    observe(value) {
      let i = 0;
      if (withNative) {
        let slot = last;
        if (slot > 0 && value > (upper[slot - 1] as number) && value <= (upper[slot] as number)) {
          // the same bucket as the last step
        } else if (
          slot > 1 &&
          value <= (upper[slot - 1] as number) &&
          value > (upper[slot - 2] as number)
        )
          slot -= 1;
        else if (
          slot > 0 &&
          slot < layout.slots - 1 &&
          value > (upper[slot] as number) &&
          value <= (upper[slot + 1] as number)
        )
          slot += 1;
        else slot = nativeSlot(layout, value);
        last = slot;
        native[slot] = (native[slot] as number) + 1;
        i = classicStart[slot] as number;
      }
      while (i < bounds.length && value > (bounds[i] as number)) i += 1;
      classic[i] = (classic[i] as number) + 1;
      classic[sumSlot] = (classic[sumSlot] as number) + value;
    },
    // prom-client renders any object with name, help, type and get(); its types name only its classes.
    metric: metric as unknown as Metric,
  };
}
