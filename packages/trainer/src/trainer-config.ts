import { boundedLabelValue } from "@trainwatch/catalog";
import { describeFlag, parseInput } from "@trainwatch/cli-kit";
import { parseReportMode, type ReportMode } from "@trainwatch/exporter";
import { sourceSpecSchema } from "@trainwatch/gpu-collector";
import {
  type AuthConfig,
  authEnvSchema,
  type LoadedWebConfig,
  readWebConfig,
  webConfigAuth,
} from "@trainwatch/http-kit";
import { z } from "zod";
import { availableDigits } from "./data.js";
import { modelKinds, optimizers } from "./model.js";
import { backendNames } from "./select-backend.js";

const name = z
  .string()
  .regex(boundedLabelValue.pattern, `expected ${boundedLabelValue.description}`);
const number = (check: (n: z.ZodNumber) => z.ZodNumber) =>
  z.coerce.number({ error: "expected a number" }).pipe(check(z.number()));
const wholeNumber = (min: number, max: number) =>
  number((n) => n.int("expected a whole number").min(min).max(max));
const secret = z.string().min(16, "expected at least 16 characters");

const flagsSchema = z
  .object({
    job: name,
    task: name,
    runId: name.optional(),
    epochs: wholeNumber(1, 100_000),
    batchSize: wholeNumber(1, 8192),
    learningRate: number((n) => n.positive().max(10)),
    model: z.enum(modelKinds),
    optimizer: z.enum(optimizers),
    trainSize: wholeNumber(1, availableDigits - 1),
    validationSize: wholeNumber(1, availableDigits - 1),
    seed: wholeNumber(0, 2 ** 31),
    backend: z.enum(["auto", ...backendNames]),
    metricsHost: z.string().min(1),
    metricsPort: wholeNumber(0, 65_535),
    controlPort: wholeNumber(0, 65_535).optional(),
    pushgatewayUrl: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional(),
    pushInterval: number((n) => n.min(0).max(3600)),
    otlpEndpoint: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional(),
    otlpInterval: number((n) => n.min(0.1).max(3600)),
    report: z.string().transform((text, ctx): ReportMode => {
      const mode = parseReportMode(text);
      if (mode) return mode;
      ctx.addIssue({ code: "custom", message: "expected step, epoch or steps:N" });
      return z.NEVER;
    }),
    smoothing: number((n) => n.min(0).lt(1)),
    progress: z.enum(["auto", "bar", "lines", "none"]),
    linger: number((n) => n.min(0).max(3600)),
    spoolDir: z.string().min(1, "expected a folder"),
    faultStallAfter: wholeNumber(1, 10_000_000).optional(),
    faultNanAfter: wholeNumber(1, 10_000_000).optional(),
    faultDivergeAfter: wholeNumber(1, 10_000_000).optional(),
    faultSlowBatch: number((n) => n.positive().max(3600)).optional(),
    minStepSeconds: number((n) => n.min(0).max(60)).optional(),
    faultSlowAfter: wholeNumber(1, 10_000_000).optional(),
    faultSlowInput: number((n) => n.positive().max(3600)).optional(),
    faultLossSpikeAfter: wholeNumber(1, 10_000_000).optional(),
    faultLossSpikeSeconds: number((n) => n.positive().max(3600)),
    normEvery: wholeNumber(0, 10_000_000),
    faultSlowFactor: number((n) => n.gt(1, "expected a factor above 1").max(1000)),
    faultFollowGpu: z
      .url({ protocol: /^https?$/, error: "expected the http(s) URL of a GPU collector" })
      .optional(),
    checkpointDir: z.string().min(1, "expected a folder").optional(),
    earlyStopPatience: wholeNumber(1, 100_000).optional(),
    gpu: sourceSpecSchema,
    /** exporter-toolkit's web.yml for /metrics and the control port. */
    "web.config.file": z.string().min(1, "expected a file").optional(),
  })
  .refine((f) => f.trainSize + f.validationSize <= availableDigits, {
    message: `--train-size plus --validation-size must be at most ${availableDigits} (the digits the mnist package ships)`,
    path: ["trainSize"],
  });

const envSchema = z.object({ TRAINWATCH_CONTROL_TOKEN: secret.optional() });

/** The trainer's command-line flags as commander hands them over (strings), by camelCase name. */
export type TrainerFlags = Partial<Record<keyof z.input<typeof flagsSchema>, string>>;

/** The trainer's validated settings. */
export type TrainerConfig = z.output<typeof flagsSchema> & {
  /** From web.yml's `basic_auth_users` or the `TRAINWATCH_METRICS_*` variables. */
  readonly metricsAuth: AuthConfig;
  /** The `--web.config.file` read and checked. */
  readonly web: LoadedWebConfig | undefined;
  /** Bearer token for `POST /control/stop`; without one, remote stop is disabled. */
  readonly controlToken: string | undefined;
};

/** Defaults of every flag, shown in `--help`. */
export const trainerDefaults = {
  job: "mnist_mlp",
  task: "worker-0",
  epochs: "5",
  batchSize: "64",
  learningRate: "0.001",
  model: "mlp",
  optimizer: "adam",
  trainSize: "8000",
  validationSize: "1000",
  seed: "42",
  backend: "auto",
  metricsHost: "127.0.0.1",
  metricsPort: "9400",
  pushInterval: "0",
  otlpInterval: "5",
  report: "step",
  smoothing: "0.6",
  progress: "auto",
  linger: "15",
  spoolDir: ".trainwatch/spool",
  faultSlowFactor: "4",
  faultLossSpikeSeconds: "90",
  normEvery: "50",
  gpu: "none",
} as const satisfies TrainerFlags;

/**
 * Validates the trainer's flags and `TRAINWATCH_*` environment together.
 *
 * @throws TrainwatchError("usage") listing every bad flag or variable with its value.
 */
export function parseTrainerConfig(
  flags: TrainerFlags,
  env: Readonly<Record<string, string | undefined>>,
): TrainerConfig {
  const input = { flags: { ...trainerDefaults, ...flags }, env, metricsAuth: env };
  const {
    flags: parsed,
    env: vars,
    metricsAuth,
  } = parseInput(
    z.object({ flags: flagsSchema, env: envSchema, metricsAuth: authEnvSchema("METRICS") }),
    input,
    (path) => (path[0] === "flags" ? describeFlag(path.slice(1)) : String(path[1])),
  );
  const webFile = parsed["web.config.file"];
  const web = webFile === undefined ? undefined : readWebConfig(webFile);
  return {
    ...parsed,
    metricsAuth: webConfigAuth(web, metricsAuth),
    web,
    controlToken: vars.TRAINWATCH_CONTROL_TOKEN,
  };
}
