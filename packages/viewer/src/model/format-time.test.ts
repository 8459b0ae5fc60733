import { describe, expect, it } from "vitest";
import {
  formatAxisTime,
  formatClock,
  formatDateTime,
  parseDateTime,
  parseTimeZone,
} from "./format-time.js";

const at = Date.UTC(2026, 11, 6, 0, 31, 20);

describe("formatClock", () => {
  it("writes 24-hour time in UTC or the browser's zone", () => {
    expect(formatClock(at, "utc")).toBe("00:31:20");
    expect(formatClock(at, "browser")).toBe(new Date(at).toTimeString().slice(0, 8));
  });
});

describe("formatDateTime", () => {
  it("writes the date before the clock", () => {
    expect(formatDateTime(at, "utc")).toBe("2026-12-06 00:31:20");
  });
});

describe("formatAxisTime", () => {
  it("drops the seconds at a minute's spacing and adds the date at a day's", () => {
    expect([1_000, 60_000, 86_400_000].map((s) => formatAxisTime(at, s, "utc"))).toEqual([
      "00:31:20",
      "00:31",
      "12-06 00:31",
    ]);
  });
});

describe("parseDateTime", () => {
  it("reads a typed time in the page's zone, unless it names its own", () => {
    expect(parseDateTime("2026-12-06 00:31:20", "utc")).toBe(at);
    expect(parseDateTime("2026-12-06T00:31:20Z", "browser")).toBe(at);
    expect(parseDateTime("2026-12-06T01:31:20+01:00", "utc")).toBe(at);
    expect(parseDateTime("2026-12-06 00:31", "utc")).toBe(at - 20_000);
    expect(parseDateTime("2026-12-06", "utc")).toBe(Date.UTC(2026, 11, 6));
  });

  it("refuses what is not a date", () => {
    expect(parseDateTime("yesterday", "utc")).toBeUndefined();
    expect(parseDateTime("2026-13-45 99:99", "utc")).toBeUndefined();
  });
});

describe("parseTimeZone", () => {
  it("reads utc in any case and takes anything else as the browser's zone", () => {
    expect(["UTC", "utc", "browser", "", undefined].map(parseTimeZone)).toEqual([
      "utc",
      "utc",
      "browser",
      "browser",
      "browser",
    ]);
  });
});
