import { describe, expect, it } from "vitest";
import { toggleSeries } from "./toggle-series.js";

const names = ["a", "b", "c"];

describe("toggleSeries", () => {
  it("isolates a clicked series, and shows all again on a second click", () => {
    const isolated = toggleSeries(names, new Set(), "b", false);
    expect([...isolated]).toEqual(["a", "c"]);
    expect([...toggleSeries(names, isolated, "b", false)]).toEqual([]);
    expect([...toggleSeries(names, isolated, "a", false)]).toEqual(["b", "c"]);
  });

  it("hides or shows just one series with Ctrl/⌘", () => {
    const hidden = toggleSeries(names, new Set(), "a", true);
    expect([...hidden]).toEqual(["a"]);
    expect([...toggleSeries(names, hidden, "a", true)]).toEqual([]);
  });
});
