import { describe, expect, it } from "vitest";
import { countScrapeErrors } from "./scrape-errors.js";

describe("countScrapeErrors", () => {
  it("counts down targets by their error, addresses and numbers taken out, most frequent first", () => {
    const timeout = (i: number) => ({
      health: "down",
      lastError: `Get "http://127.0.0.1:4100/metrics/${i}": context deadline exceeded`,
      lastScrapeDuration: 5,
    });
    expect(
      countScrapeErrors([
        timeout(1),
        timeout(2),
        { health: "up", lastError: "", lastScrapeDuration: 0.1 },
        { health: "down", lastError: "connection refused", lastScrapeDuration: 0 },
        timeout(3),
      ]),
    ).toEqual({
      'Get "http://…": context deadline exceeded': 3,
      "connection refused": 1,
    });
  });
});
