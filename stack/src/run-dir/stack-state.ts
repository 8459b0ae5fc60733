import { isAlive } from "@trainwatch/native-services";
import { alertTimingNames } from "@trainwatch/prometheus-config";
import { z } from "zod";
import { binaryInfoSchema, stateFile } from "./state-file.js";

const processSchema = z.object({ url: z.url(), pid: z.number().int().positive() });
/** A service started from a Prometheus-project binary: which one, and its version. */
const binaryServiceSchema = processSchema.extend({
  binary: binaryInfoSchema.optional(),
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
      /** What its command line holds (the trainer CLI, or `demo-worker`), so a reused pid is told apart. */
      match: z.string(),
    }),
  ),
  alertTiming: z.enum(alertTimingNames),
  /** With `--tls`: the local CA's folder (ca.crt, each part's certificate and key, web.yml files). */
  tlsDir: z.string().optional(),
  dir: z.string(),
  startedAt: z.string(),
});

/** What a running stack writes to `<dir>/stack.json`, for `status` and `down`. */
export type StackState = z.infer<typeof stateSchema>;

const file = stateFile("stack.json", stateSchema, "a trainwatch state file", {
  isRunning: (state) => isAlive(state.services.prometheus.pid),
  refusal: (dir, state) =>
    `a stack already runs in ${dir} (its dashboards at ${state.services.dashboards?.url ?? "none"}): stop it with \`trainwatch down\` (or Ctrl-C where it runs), or use another --dir`,
});

export const writeStackState = (state: StackState): void => file.write(state.dir, state);

/** The state of the stack in `dir`, or undefined when none was started there. */
export const readStackState = (dir: string): StackState | undefined => file.read(dir);

export const removeStackState = (dir: string): void => file.remove(dir);

/** @throws TrainwatchError("usage") when a single-machine stack still runs in `dir`. */
export const assertNoStackIn = (dir: string): void => file.assertNotRunning(dir);
