import { describe, expect, it } from "vitest";
import { createPaceCallback } from "./create-pace-callback.js";

describe("createPaceCallback", () => {
  it("holds a quick step until the minimum has passed, and leaves a slow one alone", async () => {
    const callback = createPaceCallback(0.1);
    const step = async (computeMs: number) => {
      const started = performance.now();
      await callback.onBatchBegin?.(0);
      await new Promise((resolve) => setTimeout(resolve, computeMs));
      await callback.onBatchEnd?.(0, {});
      return performance.now() - started;
    };
    expect(await step(5)).toBeGreaterThanOrEqual(95); // timers may fire a millisecond early
    const slow = await step(150);
    expect(slow).toBeGreaterThanOrEqual(149); // not held longer: its own 150 ms, less a timer's early millisecond
    expect(slow).toBeLessThan(250);
  });

  it("does nothing without a minimum", () => {
    expect(createPaceCallback(undefined)).toEqual({});
    expect(createPaceCallback(0)).toEqual({});
  });
});
