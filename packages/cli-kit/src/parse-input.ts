import type { z } from "zod";
import { TrainwatchError } from "./trainwatch-error.js";

/** How an input key is shown to the user, e.g. `learningRate` → `--learning-rate`. */
export type DescribeKey = (path: readonly PropertyKey[]) => string;

/** Shows a camelCase option path as the command-line flag it came from. */
export const describeFlag: DescribeKey = (path) =>
  `--${String(path[0] ?? "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The input value an issue is about; a path into a string (after a transform) stops at it. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return value;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Validates external input (flags, env, a request body) with a zod schema.
 *
 * @throws TrainwatchError("usage") listing every problem at once, each with the bad value.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  describeKey: DescribeKey = describeFlag,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const value = valueAt(input, issue.path);
    // An unknown key's message names it; the object around it would only repeat the input.
    const got =
      value === undefined || issue.code === "unrecognized_keys"
        ? ""
        : ` (got ${JSON.stringify(value)})`;
    const where = issue.path.length > 0 ? `${describeKey(issue.path)}: ` : "";
    return `${where}${issue.message}${got}`;
  });
  const message =
    lines.length === 1
      ? (lines[0] as string)
      : `${lines.length} problems:\n${lines.map((l) => `  - ${l}`).join("\n")}`;
  throw new TrainwatchError("usage", message);
}
