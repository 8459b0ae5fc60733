import { describe, expect, it } from "vitest";
import {
  nativeLayout,
  nativeSlot,
  nativeZeroThreshold,
  readNativeHistogram,
  toSpans,
} from "./native-histogram.js";

/** The bucket index a value lands in, as Prometheus numbers them. */
const indexOf = (schema: number, value: number) => {
  const layout = nativeLayout(schema);
  return nativeSlot(layout, value) + layout.firstIndex - 1;
};

describe("native histogram buckets", () => {
  it.each([
    // schema 0: bucket i holds (2^(i-1), 2^i]
    [0, 1, 0],
    [0, 1.5, 1],
    [0, 2, 1],
    [0, 2.000001, 2],
    [0, 0.75, 0],
    [0, 0.5, -1],
    // schema 3: bounds grow by 2^(1/8); an exact bound stays in the bucket it closes
    [3, 2 ** (1 / 8), 1],
    [3, 2 ** (1 / 8) * 1.000001, 2],
    [3, 0.008, -55], // (2^(-56/8), 2^(-55/8)] = (0.00781, 0.00854]
    [3, 10, 27],
  ])("schema %i puts %f in bucket %i", (schema, value, index) => {
    expect(indexOf(schema, value)).toBe(index);
  });

  it("puts zero, negative and NaN values in the zero bucket, and clamps the far ones", () => {
    const layout = nativeLayout(3);
    expect([0, -1, Number.NaN, nativeZeroThreshold].map((v) => nativeSlot(layout, v))).toEqual([
      0, 0, 0, 0,
    ]);
    expect(nativeSlot(layout, 1e-30)).toBe(1);
    expect(nativeSlot(layout, 1e30)).toBe(layout.slots - 1);
  });

  it("reads counts into the non-empty buckets, then spans of neighbouring ones and deltas between counts", () => {
    const layout = nativeLayout(0);
    const counts = new Float64Array(layout.slots);
    const slotOf = (index: number) => index - layout.firstIndex + 1;
    counts[0] = 1; // zero bucket
    counts[slotOf(0)] = 2;
    counts[slotOf(1)] = 5;
    counts[slotOf(4)] = 1;
    const value = readNativeHistogram(layout, counts, 12.5);
    expect(value).toMatchObject({ schema: 0, zeroCount: 1, count: 9, sum: 12.5 });
    expect(value.buckets).toEqual([
      { index: 0, count: 2 },
      { index: 1, count: 5 },
      { index: 4, count: 1 },
    ]);
    expect(toSpans(value.buckets)).toEqual({
      spans: [
        { offset: 0, length: 2 },
        { offset: 2, length: 1 },
      ],
      deltas: [2, 3, -4],
    });
  });

  it("gives an empty histogram one empty span, which marks it native", () => {
    const layout = nativeLayout(3);
    const value = readNativeHistogram(layout, new Float64Array(layout.slots), 0);
    expect(toSpans(value.buckets).spans).toEqual([{ offset: 0, length: 0 }]);
    expect(value.count).toBe(0);
  });
});
