import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TrainwatchError } from "@trainwatch/cli-kit";
import { z } from "zod";

/** A stack's state, kept as `<dir>/<name>` for `status` and `down`. */
export interface StateFile<T> {
  write(dir: string, state: T): void;
  /** The state in `dir`, or undefined when none was written there. */
  read(dir: string): T | undefined;
  remove(dir: string): void;
  /** @throws TrainwatchError("usage") naming what runs, when the stack in `dir` still runs. */
  assertNotRunning(dir: string): void;
}

/** How to tell that the stack a state describes still runs, and what to say when it does. */
export interface Liveness<T> {
  isRunning(state: T): boolean;
  /** The refusal: what runs in `dir` and how to stop it or go elsewhere. */
  refusal(dir: string, state: T): string;
}

/**
 * A JSON state file checked against `schema` on every read.
 *
 * @throws Error from `read`, naming the file and `what` it should be, when it does not match.
 */
export function stateFile<S extends z.ZodType>(
  name: string,
  schema: S,
  what: string,
  liveness: Liveness<z.infer<S>>,
): StateFile<z.infer<S>> {
  const path = (dir: string) => join(dir, name);
  const read = (dir: string): z.infer<S> | undefined => {
    if (!existsSync(path(dir))) return undefined;
    const parsed = schema.safeParse(JSON.parse(readFileSync(path(dir), "utf8")));
    if (!parsed.success) throw new Error(`${path(dir)} is not ${what}: ${parsed.error.message}`);
    return parsed.data;
  };
  return {
    write: (dir, state) => writeFileSync(path(dir), `${JSON.stringify(state, null, 2)}\n`),
    read,
    remove: (dir) => rmSync(path(dir), { force: true }),
    assertNotRunning(dir) {
      const state = read(dir);
      if (state !== undefined && liveness.isRunning(state))
        throw new TrainwatchError("usage", liveness.refusal(dir, state));
    },
  };
}

/** Which binary a service runs and its version, as every state file records it. */
export const binaryInfoSchema = z.object({
  path: z.string(),
  origin: z.enum(["upstream", "variable", "path"]),
  version: z.string(),
});
