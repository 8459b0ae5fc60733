import { describe, expect, it } from "vitest";
import { panelIds } from "./panel-ids.js";

describe("panelIds", () => {
  it("keeps unique positive ids and numbers the rest after the largest", () => {
    expect(panelIds([{ id: 4 }, {}, { id: 0 }, { id: 4 }, { id: 2 }])).toEqual([4, 5, 6, 7, 2]);
  });
});
