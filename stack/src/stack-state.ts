import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TrainwatchError } from "@trainwatch/cli-kit";
import { isAlive } from "@trainwatch/native-services";
import { z } from "zod";

const processSchema = z.object({ url: z.url(), pid: z.number().int().positive() });
/** A service started from a Prometheus-project binary: which one, and its version. */
const binaryServiceSchema = processSchema.extend({
  binary: z
    .object({
      path: z.string(),
      origin: z.enum(["upstream", "variable", "path"]),
      version: z.string(),
    })
    .optional(),
});

const stateSchema = z.object({
  services: z.object({
    dashboards: processSchema.optional(),
    prometheus: binaryServiceSchema,
    pushgateway: binaryServiceSchema,
    alertmanager: binaryServiceSchema,
    alertReceiver: processSchema,
    gpuCollector: processSchema.extend({ source: z.string() }).optional(),
  }),
  trainers: z.array(
    processSchema.extend({
      job: z.string(),
      task: z.string(),
      learningRate: z.number(),
      logFile: z.string(),
    }),
  ),
  alertTiming: z.enum(["production", "fast"]),
  dir: z.string(),
  startedAt: z.string(),
});

/** What a running stack writes to `<dir>/stack.json`, for `status` and `down`. */
export type StackState = z.infer<typeof stateSchema>;

const stateFile = (dir: string) => join(dir, "stack.json");

export function writeStackState(state: StackState): void {
  writeFileSync(stateFile(state.dir), `${JSON.stringify(state, null, 2)}\n`);
}

/** Reads the state of the stack in `dir`, or undefined when none was started there. */
export function readStackState(dir: string): StackState | undefined {
  if (!existsSync(stateFile(dir))) return undefined;
  const parsed = stateSchema.safeParse(JSON.parse(readFileSync(stateFile(dir), "utf8")));
  if (!parsed.success)
    throw new Error(`${stateFile(dir)} is not a trainwatch state file: ${parsed.error.message}`);
  return parsed.data;
}

export function removeStackState(dir: string): void {
  rmSync(stateFile(dir), { force: true });
}

/** @throws TrainwatchError("usage") when a single-machine stack still runs in `dir`. */
export function assertNoStackIn(dir: string): void {
  const previous = readStackState(dir);
  if (previous && isAlive(previous.services.prometheus.pid))
    throw new TrainwatchError(
      "usage",
      `a stack already runs in ${dir} (Prometheus at ${previous.services.prometheus.url}): stop it with \`trainwatch down\`, or use another --dir`,
    );
}
