import { boundedLabelValue } from "@trainwatch/catalog";
import { describeFlag, parseInput, TrainwatchError } from "@trainwatch/cli-kit";
import { readCostConfig, sourceSpecSchema } from "@trainwatch/gpu-collector";
import { type AlertTiming, alertTimingNames } from "@trainwatch/prometheus-config";
import { z } from "zod";
import type { TrainerSpec } from "../services/trainer-spec.js";

const port = z.coerce
  .number({ error: "expected a port number" })
  .pipe(z.number().int().min(1).max(65_535));

const upSchema = z.object({
  dir: z.string().min(1),
  host: z.string().min(1),
  prometheusPort: port.optional(),
  pushgatewayPort: port.optional(),
  alertmanagerPort: port.optional(),
  dashboardPort: port.optional(),
  /** Training nodes in network namespaces (the distributed stack); absent: one machine. */
  nodes: z.coerce
    .number({ error: "expected a number" })
    .pipe(z.number().int().min(1).max(16))
    .optional(),
  /** Default: fast for the demo, production otherwise. */
  alertTiming: z.enum(alertTimingNames).optional(),
  job: z.string().regex(boundedLabelValue.pattern, `expected ${boundedLabelValue.description}`),
  workers: z.coerce.number({ error: "expected a number" }).pipe(z.number().int().min(0).max(64)),
  learningRates: z
    .string()
    .transform((text) => text.split(",").map((s) => Number(s.trim())))
    .pipe(z.array(z.number().positive("expected positive numbers").max(10)).min(1)),
  detach: z.boolean(),
  /** The demo: demo workers (`trainwatch demo-worker`) instead of one run each. */
  demo: z.boolean().default(false),
  gpu: sourceSpecSchema,
  /** Prices and grid intensity for the GPU collector; checked here, read by the collector. */
  costConfig: z
    .string()
    .min(1, "expected a file")
    .transform((file, ctx) => {
      try {
        readCostConfig(file);
        return file;
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  /** HTTPS everywhere with a local CA (`<dir>/tls`). */
  tls: z.boolean().default(false),
  /** Trainers push with OTLP to Prometheus' OTLP receiver instead of being scraped. */
  otlp: z.boolean().default(false),
  /** Only this worker gets the --fault-* trainer flags (default: every worker). */
  faultTask: z.string().optional(),
  /** Passed through to every trainer, which validates them itself. */
  trainerArgs: z.array(z.string()),
});

/** `trainwatch up` flags as commander hands them over. */
export type UpFlags = z.input<typeof upSchema>;

/** Validated `trainwatch up` settings, with one trainer spec per worker. */
export type UpConfig = Omit<
  z.output<typeof upSchema>,
  "workers" | "learningRates" | "job" | "faultTask" | "alertTiming"
> & {
  readonly alertTiming: AlertTiming;
  readonly trainers: TrainerSpec[];
};

/**
 * Validates `trainwatch up`'s flags. Workers get the learning rates in turn, so the default
 * demo shows two runs of one job side by side.
 *
 * @throws TrainwatchError("usage") listing every bad flag with its value.
 */
export function parseUpConfig(flags: UpFlags): UpConfig {
  const { workers, learningRates, job, faultTask, trainerArgs, ...rest } = parseInput(
    upSchema,
    flags,
    describeFlag,
  );
  if (rest.nodes !== undefined && rest.demo)
    throw new TrainwatchError(
      "usage",
      "--demo runs on one machine: leave out --nodes (or --demo, for the distributed stack)",
    );
  if (rest.nodes !== undefined && rest.tls)
    throw new TrainwatchError(
      "usage",
      "--tls runs on one machine for now: leave out --nodes (the distributed stack's remote write is plain HTTP between namespaces)",
    );
  if (rest.nodes !== undefined && rest.otlp)
    throw new TrainwatchError(
      "usage",
      "--otlp runs on one machine: leave out --nodes (its nodes' agents scrape and remote-write; an agent has no OTLP receiver to store in)",
    );
  if (rest.nodes !== undefined) {
    const fixed = (
      ["prometheusPort", "pushgatewayPort", "alertmanagerPort", "dashboardPort"] as const
    )
      .filter((name) => rest[name] !== undefined)
      .map((name) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    if (fixed.length > 0)
      throw new TrainwatchError(
        "usage",
        `${fixed.join(", ")} cannot be used with --nodes: each namespace has fixed ports (\`trainwatch status\` lists them); leave ${fixed.length > 1 ? "them" : "it"} out`,
      );
  }
  const { faults, others } = splitFaultArgs(trainerArgs);
  const trainers = Array.from({ length: workers }, (_, i) => {
    const task = `worker-${i}`;
    return {
      job,
      task,
      learningRate: learningRates[i % learningRates.length] as number,
      args: faultTask === undefined || faultTask === task ? [...others, ...faults] : others,
    };
  });
  const alertTiming = rest.alertTiming ?? (rest.demo ? "fast" : "production");
  return { ...rest, alertTiming, trainerArgs: others, trainers };
}

/** Splits trainer flags into the --fault-* ones (with their values) and the rest. */
export function splitFaultArgs(args: readonly string[]): { faults: string[]; others: string[] } {
  const faults: string[] = [];
  const others: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--fault-")) others.push(arg);
    else if (arg.includes("=") || i + 1 >= args.length) faults.push(arg);
    else faults.push(arg, args[++i] as string);
  }
  return { faults, others };
}
