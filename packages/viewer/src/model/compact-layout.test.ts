import { describe, expect, it } from "vitest";
import { compactLayout } from "./compact-layout.js";

describe("compactLayout", () => {
  it("moves boxes up into gaps as Grafana's grid does, keeping side-by-side boxes on their line", () => {
    const boxes = [
      { x: 0, y: 0, w: 24, h: 1 },
      { x: 0, y: 5, w: 12, h: 8 },
      { x: 12, y: 5, w: 12, h: 4 },
      { x: 12, y: 20, w: 12, h: 2 },
    ];
    expect(compactLayout(boxes).map((b) => b.y)).toEqual([0, 1, 1, 5]);
  });

  it("pushes a box down below one it would overlap", () => {
    const placed = compactLayout([
      { x: 0, y: 0, w: 24, h: 4 },
      { x: 0, y: 2, w: 24, h: 1 },
    ]);
    expect(placed[1]?.y).toBe(4);
  });
});
