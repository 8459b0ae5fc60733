import { trainingStepDuration } from "@trainwatch/catalog";
import { describe, expect, it } from "vitest";
import { nativeLayout, nativeSlot } from "./exposition/native-histogram.js";
import { classicSlots, createStepHistogram, nativeSlots } from "./step-histogram.js";

describe("createStepHistogram", () => {
  it("counts every value in the buckets a plain search finds, in both forms, whatever the order", () => {
    const storage = {
      classic: new Float64Array(classicSlots(trainingStepDuration)),
      native: new Float64Array(nativeSlots(trainingStepDuration)),
    };
    const histogram = createStepHistogram(trainingStepDuration, {}, storage);
    const bounds = trainingStepDuration.buckets ?? [];
    const layout = nativeLayout(trainingStepDuration.nativeSchema ?? 0);
    const expectedClassic = new Float64Array(storage.classic.length);
    const expectedNative = new Float64Array(storage.native.length);
    // Steady runs (the fast path: the last bucket or a neighbour), jumps, exact bounds, extremes.
    const values: number[] = [];
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const r = seed / 2 ** 31;
      values.push(i % 500 < 250 ? 0.008 * (1 + 0.2 * r) : 10 ** (-6 + 9 * r));
    }
    values.push(...bounds, ...[...layout.bounds].slice(300, 340), 0, -1, Number.NaN, 1e-40, 1e40);
    for (const value of values) {
      histogram.observe(value);
      let i = 0;
      while (i < bounds.length && value > (bounds[i] as number)) i += 1;
      expectedClassic[i] = (expectedClassic[i] as number) + 1;
      const slot = nativeSlot(layout, value);
      expectedNative[slot] = (expectedNative[slot] as number) + 1;
    }
    expect([...storage.native]).toEqual([...expectedNative]);
    expect([...storage.classic.slice(0, -1)]).toEqual([...expectedClassic.slice(0, -1)]);
  });
});
