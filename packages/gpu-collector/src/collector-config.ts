import { describeFlag, parseInput } from "@trainwatch/cli-kit";
import { z } from "zod";
import type { GpuNaming } from "./register-gpu-metrics.js";
import { sourceSpecSchema as source } from "./select-gpu-source.js";

/** Parses `1s`, `500ms`, `2m` or a bare number of seconds into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  return match[2] === "ms" ? value : match[2] === "m" ? value * 60_000 : value * 1000;
}

const duration = (min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined || ms < min || ms > max) {
      ctx.addIssue({
        code: "custom",
        message: `expected a duration from ${min} ms to ${max / 1000} s, such as 1s or 500ms`,
      });
      return z.NEVER;
    }
    return ms;
  });

const collectorSchema = z.object({
  source,
  fallback: source.optional(),
  host: z.string().min(1),
  port: z.coerce
    .number({ error: "expected a port number" })
    .pipe(z.number().int().min(0).max(65_535)),
  intervalMs: duration(100, 3_600_000),
  timeoutMs: duration(100, 600_000),
  naming: z.enum(["trainwatch", "dcgm", "both"]),
  replayProcesses: z
    .string()
    .transform((text, ctx) => {
      try {
        return new RegExp(text);
      } catch (error) {
        ctx.addIssue({
          code: "custom",
          message: `expected a regular expression (${(error as Error).message})`,
        });
        return z.NEVER;
      }
    })
    .optional(),
  costConfig: z.string().min(1, "expected a file").optional(),
  /** exporter-toolkit's web.yml: TLS, client certificates, basic auth users, headers. */
  "web.config.file": z.string().min(1, "expected a file").optional(),
  nvmlLibrary: z.string().min(1).optional(),
  nvidiaSmi: z.string().min(1).optional(),
});

/** The standalone collector's validated settings. */
export type CollectorConfig = z.output<typeof collectorSchema> & { readonly naming: GpuNaming };

/** The collector's flags as commander hands them over. */
export type CollectorFlags = Omit<z.input<typeof collectorSchema>, "intervalMs" | "timeoutMs"> & {
  interval: string;
  timeout: string;
};

/**
 * Validates the standalone collector's flags.
 *
 * @throws TrainwatchError("usage") listing every bad flag with its value.
 */
export function parseCollectorConfig(flags: CollectorFlags): CollectorConfig {
  const { interval, timeout, ...rest } = flags;
  return parseInput(
    collectorSchema,
    { ...rest, intervalMs: interval, timeoutMs: timeout },
    (path) =>
      path[0] === "intervalMs"
        ? "--interval"
        : path[0] === "timeoutMs"
          ? "--timeout"
          : describeFlag(path),
  );
}
