import { describe, expect, it } from "vitest";
import { createCrosshairGroup } from "./crosshair-group.js";

describe("createCrosshairGroup", () => {
  it("shows a hovered time in every other member, and no longer in one that left", () => {
    const group = createCrosshairGroup();
    const shown: Record<string, (number | undefined)[]> = { a: [], b: [], c: [] };
    const seats = Object.fromEntries(
      Object.keys(shown).map((k) => [k, group.join({ show: (t) => shown[k]?.push(t) })]),
    );
    seats.a?.hover(1000);
    seats.c?.leave();
    seats.b?.hover(undefined);
    expect(shown).toEqual({ a: [undefined], b: [1000], c: [1000] });
  });
});
