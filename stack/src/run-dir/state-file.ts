import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";

/** A stack's state, kept as `<dir>/<name>` for `status` and `down`. */
export interface StateFile<T> {
  write(dir: string, state: T): void;
  /** The state in `dir`, or undefined when none was written there. */
  read(dir: string): T | undefined;
  remove(dir: string): void;
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
): StateFile<z.infer<S>> {
  const path = (dir: string) => join(dir, name);
  return {
    write: (dir, state) => writeFileSync(path(dir), `${JSON.stringify(state, null, 2)}\n`),
    read: (dir) => {
      if (!existsSync(path(dir))) return undefined;
      const parsed = schema.safeParse(JSON.parse(readFileSync(path(dir), "utf8")));
      if (!parsed.success) throw new Error(`${path(dir)} is not ${what}: ${parsed.error.message}`);
      return parsed.data;
    },
    remove: (dir) => rmSync(path(dir), { force: true }),
  };
}
