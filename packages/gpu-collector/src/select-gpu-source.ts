import type { Logger } from "@trainwatch/cli-kit";
import { z } from "zod";
import type { GpuSource } from "./gpu-source.js";
import { createNvidiaSmiSource } from "./nvidia-smi/create-nvidia-smi-source.js";
import { createNvmlSource } from "./nvml/create-nvml-source.js";
import { createReplaySource } from "./replay/create-replay-source.js";

/** What `--source` (or a trainer's `--gpu`) asks for. */
export type SourceSpec =
  | { readonly kind: "auto" | "nvml" | "nvidia-smi" | "none" }
  | { readonly kind: "replay"; readonly file: string };

/** Parses `auto`, `nvml`, `nvidia-smi`, `none` or `replay:FILE`; undefined for anything else. */
export function parseSourceSpec(text: string): SourceSpec | undefined {
  if (text === "auto" || text === "nvml" || text === "nvidia-smi" || text === "none")
    return { kind: text };
  return text.startsWith("replay:") && text.length > 7
    ? { kind: "replay", file: text.slice(7) }
    : undefined;
}

/** `--source` / `--gpu` as a zod schema: the text in, a SourceSpec out, one message when bad. */
export const sourceSpecSchema = z.string().transform((text, ctx): SourceSpec => {
  const spec = parseSourceSpec(text);
  if (spec) return spec;
  ctx.addIssue({ code: "custom", message: "expected auto, nvml, nvidia-smi, none or replay:FILE" });
  return z.NEVER;
});

export interface SelectSourceOptions {
  /** A replay gives its GPUs to the live processes whose command matches (`ReplayOptions`). */
  readonly replayProcesses?: RegExp;
  readonly nvmlLibrary?: string;
  readonly nvidiaSmi?: string;
  readonly timeoutMs?: number;
  readonly logger: Logger;
}

/**
 * Opens the GPU source `spec` names. `auto` tries NVML, then nvidia-smi (which must answer one
 * read), and resolves undefined with one line saying why when neither finds a GPU.
 *
 * @throws Error when a source named explicitly cannot be opened, with the reason.
 */
export async function selectGpuSource(
  spec: SourceSpec,
  options: SelectSourceOptions,
): Promise<GpuSource | undefined> {
  const nvml = () => createNvmlSource({ libraryPath: options.nvmlLibrary });
  const smi = async () => {
    const source = createNvidiaSmiSource({
      binary: options.nvidiaSmi,
      timeoutMs: options.timeoutMs,
    });
    const readings = await source.read(AbortSignal.timeout(options.timeoutMs ?? 5000));
    if (readings.length === 0) throw new Error("nvidia-smi lists no GPU");
    return source;
  };
  switch (spec.kind) {
    case "none":
      return undefined;
    case "nvml":
      return nvml();
    case "nvidia-smi":
      return smi();
    case "replay":
      return createReplaySource(spec.file, { liveProcesses: options.replayProcesses });
    case "auto": {
      const reasons: string[] = [];
      for (const [name, open] of [
        ["NVML", nvml],
        ["nvidia-smi", smi],
      ] as const) {
        try {
          return await open();
        } catch (error) {
          reasons.push(`${name}: ${(error as Error).message.split("\n")[0]}`);
        }
      }
      options.logger.info(`no GPU found (${reasons.join("; ")})`);
      return undefined;
    }
  }
}
