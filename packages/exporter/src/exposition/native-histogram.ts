/**
 * Prometheus' native histograms, the exponential kind: at schema `s`, bucket `i` holds the
 * values in (2^((i-1)/2^s), 2^(i/2^s)], and a zero bucket the values at or below the zero
 * threshold. This module keeps the buckets of one histogram in a fixed array (no allocation when
 * observing, shareable between threads) and renders them as the exposition formats carry them:
 * spans of consecutive buckets and the differences between neighbouring counts.
 */

/**
 * The values below it count in the zero bucket: Prometheus' client_golang default (2^-128), far
 * below any duration or size a training job records.
 */
export const nativeZeroThreshold = 2 ** -128;

/**
 * Powers of two the fixed array spans, either side of 1: 2^-24 … 2^24, i.e. 60 ns to 194 days in
 * seconds. A value outside counts in the outermost bucket (its sum stays exact).
 */
const exponentRange = 24;

/** The fixed bucket layout of one schema. */
export interface NativeLayout {
  readonly schema: number;
  /** Buckets per power of two: 2^schema. */
  readonly perPowerOfTwo: number;
  /** The index of the first slot after the zero bucket's. */
  readonly firstIndex: number;
  /** Slots: the zero bucket, then one per index from `firstIndex`. */
  readonly slots: number;
  /** Upper bound of each index's bucket, by slot (`bounds[k]` is index `firstIndex + k - 1`'s). */
  readonly bounds: Float64Array;
}

/** The layout of a schema from -4 to 8 (a catalog histogram's `nativeSchema`). */
export function nativeLayout(schema: number): NativeLayout {
  const perPowerOfTwo = 2 ** schema;
  const firstIndex = Math.floor(-exponentRange * perPowerOfTwo) + 1;
  const lastIndex = Math.ceil(exponentRange * perPowerOfTwo);
  const slots = lastIndex - firstIndex + 2;
  const bounds = new Float64Array(slots);
  bounds[0] = nativeZeroThreshold;
  for (let k = 1; k < slots; k++) bounds[k] = 2 ** ((firstIndex + k - 1) / perPowerOfTwo);
  return { schema, perPowerOfTwo, firstIndex, slots, bounds };
}

/**
 * The slot `value` counts in: 0 (the zero bucket) for values at or below the threshold and for
 * NaN; else its bucket's, clamped to the layout. The logarithm picks the bucket, the bounds table
 * corrects the rare value a rounding puts one bucket off.
 */
export function nativeSlot(layout: NativeLayout, value: number): number {
  if (!(value > nativeZeroThreshold)) return 0;
  const { bounds, firstIndex, slots } = layout;
  let slot = Math.ceil(Math.log2(value) * layout.perPowerOfTwo) - firstIndex + 1;
  if (slot < 1) return 1;
  if (slot >= slots) return slots - 1;
  if (value > (bounds[slot] as number) && slot < slots - 1) slot += 1;
  else if (slot > 1 && value <= (bounds[slot - 1] as number)) slot -= 1;
  return slot;
}

/** One native histogram: positive buckets only, each with its index (Prometheus' numbering). */
export interface NativeHistogramValue {
  readonly schema: number;
  readonly zeroThreshold: number;
  readonly zeroCount: number;
  /** All observations: the zero bucket's and the positive buckets'. */
  readonly count: number;
  readonly sum: number;
  /** The non-empty buckets, in order. */
  readonly buckets: readonly { readonly index: number; readonly count: number }[];
}

/** Reads `counts` (a {@link NativeLayout}'s slots) into a histogram of its non-empty buckets. */
export function readNativeHistogram(
  layout: NativeLayout,
  counts: Float64Array,
  sum: number,
): NativeHistogramValue {
  const buckets: { index: number; count: number }[] = [];
  const zeroCount = counts[0] as number;
  let total = zeroCount;
  for (let slot = 1; slot < layout.slots; slot++) {
    const count = counts[slot] as number;
    if (count === 0) continue;
    buckets.push({ index: layout.firstIndex + slot - 1, count });
    total += count;
  }
  return {
    schema: layout.schema,
    zeroThreshold: nativeZeroThreshold,
    zeroCount,
    count: total,
    sum,
    buckets,
  };
}

/** A run of consecutive buckets: `offset` from the end of the previous span (from 0 for the first). */
export interface BucketSpan {
  readonly offset: number;
  readonly length: number;
}

/**
 * Buckets as Prometheus' exposition carries them: spans of neighbouring buckets and each count
 * minus the previous one's. No bucket gives one empty span, as client_golang writes it, so a
 * scraper still tells a native histogram from a classic one.
 */
export function toSpans(buckets: NativeHistogramValue["buckets"]): {
  spans: BucketSpan[];
  deltas: number[];
} {
  const spans: BucketSpan[] = [];
  const deltas: number[] = [];
  let previous: { index: number; count: number } | undefined;
  for (const bucket of buckets) {
    if (previous === undefined) spans.push({ offset: bucket.index, length: 1 });
    else if (bucket.index === previous.index + 1) {
      const last = spans[spans.length - 1] as BucketSpan;
      spans[spans.length - 1] = { offset: last.offset, length: last.length + 1 };
    } else spans.push({ offset: bucket.index - previous.index - 1, length: 1 });
    deltas.push(bucket.count - (previous?.count ?? 0));
    previous = bucket;
  }
  return { spans: spans.length > 0 ? spans : [{ offset: 0, length: 0 }], deltas };
}
