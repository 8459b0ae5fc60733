import { describe, expect, it } from "vitest";
import { smoothValues } from "./smooth-values.js";

describe("smoothValues", () => {
  it("debiases as TensorBoard does: the first value is kept, the next pulled toward the past", () => {
    // weight 0.6: 0.4·2 / (1 − 0.6) = 2, then (0.6·0.8 + 0.4·4) / (1 − 0.36) = 3.25
    const [first, second] = smoothValues([2, 4], 0.6);
    expect(first).toBeCloseTo(2, 12);
    expect(second).toBeCloseTo(3.25, 12);
  });

  it("keeps gaps as gaps without moving the average, and 0 gives the raw values", () => {
    expect(smoothValues([2, null, 4], 0.6)).toEqual([2, null, expect.closeTo(3.25, 12)]);
    expect(smoothValues([3, null, 1], 0)).toEqual([3, null, 1]);
  });

  it("flattens a noisy curve: the smoothed one swings less than the raw one", () => {
    const noisy = Array.from({ length: 200 }, (_, i) => 1 / (1 + i / 50) + (i % 2 ? 0.2 : -0.2));
    const swing = (v: readonly (number | null)[]) =>
      v.slice(1).reduce<number>((sum, x, i) => sum + Math.abs((x as number) - (v[i] as number)), 0);
    expect(swing(smoothValues(noisy, 0.9))).toBeLessThan(swing(noisy) / 5);
  });
});
