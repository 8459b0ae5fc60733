import { describe, expect, it } from "vitest";
import { fitSlope } from "./fit-slope.js";

const minutes = (values: number[]) => values.map((value, i) => ({ t: i * 60, value }));

describe("fitSlope", () => {
  it("finds a steady leak per hour and calls it growing", () => {
    const fit = fitSlope(minutes([100, 102, 104, 106, 108, 110, 112, 114]));
    expect(fit.perHour).toBeCloseTo(120, 6);
    expect(fit.flat).toBe(false);
  });

  it("calls noise around a level flat, and a change under the tolerance flat however steady", () => {
    expect(fitSlope(minutes([50, 53, 49, 52, 50, 48, 53, 50])).flat).toBe(true);
    expect(fitSlope(minutes([1000, 1001, 1002, 1003, 1004])).flat).toBe(true);
    expect(fitSlope(minutes([1000, 1001, 1002, 1003, 1004]), { tolerance: 0.001 }).flat).toBe(
      false,
    );
  });
});
