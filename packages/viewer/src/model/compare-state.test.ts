import { describe, expect, it } from "vitest";
import { formatCompareState, parseCompareState } from "./compare-state.js";

describe("parseCompareState", () => {
  it("reads the runs, x-axis, smoothing and range, clamping a smoothing out of bounds", () => {
    expect(parseCompareState("?run=a&run=b&run=a&x=relative&smoothing=1.5")).toEqual({
      runs: ["a", "b"],
      x: "relative",
      smoothing: 0.99,
      from: "now-6h",
      to: "now",
    });
    expect(parseCompareState("?x=sideways&smoothing=abc")).toMatchObject({
      x: "step",
      smoothing: 0,
    });
  });
});

describe("formatCompareState", () => {
  it("writes a URL that reads back the same", () => {
    const search = "run=a&run=b&x=step&smoothing=0.6&from=now-1h&to=now";
    expect(formatCompareState(parseCompareState(`?${search}`))).toBe(search);
  });
});
