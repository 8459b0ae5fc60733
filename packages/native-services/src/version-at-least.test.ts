import { describe, expect, it } from "vitest";
import { versionAtLeast } from "./version-at-least.js";

describe("versionAtLeast", () => {
  it("compares release numbers, Debian's suffixes ignored", () => {
    expect(versionAtLeast("3.13.5", "3.5")).toBe(true);
    expect(versionAtLeast("3.5.0", "3.5")).toBe(true);
    expect(versionAtLeast("2.42.0+ds", "3.5")).toBe(false);
    expect(versionAtLeast("3.4.9", "3.5.0")).toBe(false);
    expect(versionAtLeast("10.0.0", "9.12.1")).toBe(true);
  });

  it("counts an unreadable version as older", () => {
    expect(versionAtLeast("unknown", "2.0")).toBe(false);
  });
});
