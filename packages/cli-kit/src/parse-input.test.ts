import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseInput } from "./parse-input.js";
import { TrainwatchError } from "./trainwatch-error.js";

const schema = z.object({
  epochs: z.coerce.number().int().positive(),
  learningRate: z.coerce.number().positive(),
});

describe("parseInput", () => {
  it("returns the parsed, coerced value", () => {
    expect(parseInput(schema, { epochs: "3", learningRate: "0.1" })).toEqual({
      epochs: 3,
      learningRate: 0.1,
    });
  });

  it("reports every problem at once, naming the flag and the bad value", () => {
    let caught: unknown;
    try {
      parseInput(schema, { epochs: "abc", learningRate: "-1" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TrainwatchError);
    const { code, exitCode, message } = caught as TrainwatchError;
    expect({ code, exitCode }).toEqual({ code: "usage", exitCode: 2 });
    expect(message).toMatch(/^2 problems:$/m);
    expect(message).toMatch(/^ {2}- --epochs: .*\(got "abc"\)$/m);
    expect(message).toMatch(/^ {2}- --learning-rate: .*\(got "-1"\)$/m);
  });

  it("uses the caller's naming of keys", () => {
    expect(() =>
      parseInput(
        schema,
        { epochs: 0, learningRate: 1 },
        (path) => `TRAINWATCH_${String(path[0]).toUpperCase()}`,
      ),
    ).toThrow(/^TRAINWATCH_EPOCHS: .*\(got 0\)$/);
  });
});
