import { describe, expect, it } from "vitest";
import { chooseStep, parseDuration, parseTime, resolveTimeRange } from "./time-range.js";

const now = Date.UTC(2026, 10, 27, 12, 34, 56);

describe("parseTime", () => {
  it("reads Grafana's relative, epoch-millisecond and ISO times", () => {
    expect(parseTime("now", now)).toBe(now);
    expect(parseTime("now-30m", now)).toBe(now - 30 * 60_000);
    expect(parseTime("now-1h/h", now)).toBe(Date.UTC(2026, 10, 27, 11));
    expect(parseTime("1700000000000", now)).toBe(1_700_000_000_000);
    expect(parseTime("2026-11-27T10:00:00Z", now)).toBe(Date.UTC(2026, 10, 27, 10));
  });

  it("returns undefined for what is not a time", () => {
    expect(["yesterday", "now-abc", "now-5x", ""].map((t) => parseTime(t, now))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("parseDuration", () => {
  it("adds up compound durations", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("5s")).toBe(5_000);
    expect(parseDuration("5 s")).toBeUndefined();
  });
});

describe("resolveTimeRange", () => {
  it("refuses a range that ends before it starts", () => {
    expect(resolveTimeRange("now", "now-5m", now)).toBeUndefined();
    expect(resolveTimeRange("now-5m", "now", now)).toEqual({ from: now - 300_000, to: now });
  });
});

describe("chooseStep", () => {
  it("divides the range by the points, rounds up to a nice interval, never under the scrape interval", () => {
    const range = { from: 0, to: 30 * 60_000 };
    expect(chooseStep(range, 1000, 1000)).toBe(2000);
    expect(chooseStep(range, 100, 1000)).toBe(20_000);
    expect(chooseStep(range, 5000, 15_000)).toBe(15_000);
  });
});
