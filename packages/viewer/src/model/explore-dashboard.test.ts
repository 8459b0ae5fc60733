import { describe, expect, it } from "vitest";
import { panelProblems } from "./check-support.js";
import { exploreDashboard } from "./explore-dashboard.js";

describe("exploreDashboard", () => {
  it("graphs and tabulates every non-empty query under its letter, with panels the viewer draws", () => {
    const dashboard = exploreDashboard(["up", " ", "rate(x[1m])"]);
    const [graph, table] = dashboard.panels;
    expect(graph?.targets.map((t) => [t.refId, t.expr])).toEqual([
      ["A", "up"],
      ["C", "rate(x[1m])"],
    ]);
    expect(table?.type).toBe("table");
    expect(table?.targets.map((t) => t.format)).toEqual(["table", "table"]);
    expect(dashboard.panels.flatMap(panelProblems)).toEqual([]);
  });
});
