import { describe, expect, it } from "vitest";
import { authEnvSchema } from "./auth-env-schema.js";

const hash = `$2b$10$${"a".repeat(53)}`;

describe("authEnvSchema", () => {
  it("reads a bearer token, basic auth or neither from the prefix's variables", () => {
    const schema = authEnvSchema("VIEWER");
    expect(schema.parse({})).toEqual({ kind: "none" });
    expect(schema.parse({ TRAINWATCH_VIEWER_TOKEN: "t".repeat(16) })).toEqual({
      kind: "bearer",
      token: "t".repeat(16),
    });
    expect(
      schema.parse({ TRAINWATCH_VIEWER_USER: "ann", TRAINWATCH_VIEWER_PASSWORD_HASH: hash }),
    ).toEqual({ kind: "basic", username: "ann", passwordHash: hash });
  });

  it("refuses half a pair and both kinds at once, naming the variables", () => {
    const schema = authEnvSchema("METRICS");
    const half = schema.safeParse({ TRAINWATCH_METRICS_USER: "ann" });
    expect(half.error?.issues[0]?.message).toBe(
      "set both TRAINWATCH_METRICS_USER and TRAINWATCH_METRICS_PASSWORD_HASH, or neither",
    );
    const both = schema.safeParse({
      TRAINWATCH_METRICS_TOKEN: "t".repeat(16),
      TRAINWATCH_METRICS_USER: "ann",
      TRAINWATCH_METRICS_PASSWORD_HASH: hash,
    });
    expect(both.error?.issues[0]?.path).toEqual(["TRAINWATCH_METRICS_TOKEN"]);
  });
});
