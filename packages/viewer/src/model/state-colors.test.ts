import { describe, expect, it } from "vitest";
import { dashboardSchema, type Panel } from "./dashboard-schema.js";
import { palette } from "./palette.js";
import { stateColors } from "./state-colors.js";

const panel = (defaults: Record<string, unknown>): Panel =>
  dashboardSchema.parse({
    uid: "x",
    title: "x",
    panels: [
      { type: "state-timeline", gridPos: { x: 0, y: 0, w: 24, h: 6 }, fieldConfig: { defaults } },
    ],
  }).panels[0] as Panel;

describe("stateColors", () => {
  it("colours by the field's thresholds, Grafana's named colours resolved", () => {
    const colorOf = stateColors(
      panel({
        thresholds: {
          mode: "absolute",
          steps: [
            { value: null, color: "green" },
            { value: 1, color: "red" },
          ],
        },
      }),
      [0, 1],
    );
    expect([colorOf(0), colorOf(1), colorOf(5)]).toEqual(["#73BF69", "#F2495C", "#F2495C"]);
  });

  it("gives each distinct value its own colour without thresholds", () => {
    const colorOf = stateColors(panel({}), [3, 1, 2]);
    expect([colorOf(1), colorOf(2), colorOf(3)]).toEqual([palette[0], palette[1], palette[2]]);
  });
});
