import { describe, expect, it } from "vitest";
import { waitFor } from "./wait-for.js";

describe("waitFor", () => {
  it("returns the first value the check yields", async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? "ready" : undefined), {
      what: "the third call",
      timeoutMs: 2_000,
      intervalMs: 1,
    });
    expect({ value, calls }).toEqual({ value: "ready", calls: 3 });
  });

  it("says what it awaited and the last error when it times out", async () => {
    const check = () => {
      throw new Error("connection refused");
    };
    await expect(
      waitFor(check, { what: "Prometheus", timeoutMs: 30, intervalMs: 5 }),
    ).rejects.toThrow(
      "timed out after 0.0 s waiting for Prometheus; last error: connection refused",
    );
  });
});
