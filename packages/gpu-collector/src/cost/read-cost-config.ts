import { readFileSync } from "node:fs";
import { parseInput, TrainwatchError } from "@trainwatch/cli-kit";
import { parse } from "yaml";
import { z } from "zod";

const positive = z.number({ error: "expected a number" }).positive("expected a number above 0");

/** cost.yml: what a GPU-hour costs per model, and the grid's carbon intensity. */
const costConfigSchema = z.strictObject(
  {
    /** Dollars per GPU-hour, by the model name `gpu_info{name}` reports. */
    gpuHourDollars: z.record(z.string().min(1), positive).nullish(),
    /** Grams of CO2e per kWh of the grid the GPUs draw from. */
    gridGramsPerKwh: positive.nullish(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}: expected gpuHourDollars or gridGramsPerKwh`
        : undefined,
  },
);

/** The validated cost configuration; an empty one prices nothing. */
export interface CostConfig {
  readonly gpuHourDollars: Readonly<Record<string, number>>;
  readonly gridGramsPerKwh: number | undefined;
}

/** The configuration that prices nothing (the default). */
export const noCost: CostConfig = { gpuHourDollars: {}, gridGramsPerKwh: undefined };

/**
 * Reads and validates a cost configuration (YAML), e.g.
 * `gpuHourDollars: { "NVIDIA H100 80GB HBM3": 2.49 }` and `gridGramsPerKwh: 380`.
 *
 * @throws TrainwatchError("usage") naming the file and every bad field with its value.
 */
export function readCostConfig(file: string): CostConfig {
  let document: unknown;
  try {
    document = parse(readFileSync(file, "utf8")) ?? {};
  } catch (error) {
    throw new TrainwatchError("usage", `cost configuration ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const parsed = parseInput(costConfigSchema, document, (path) => path.join("."));
    return {
      gpuHourDollars: parsed.gpuHourDollars ?? {},
      gridGramsPerKwh: parsed.gridGramsPerKwh ?? undefined,
    };
  } catch (error) {
    throw new TrainwatchError(
      "usage",
      `cost configuration ${file} (see prometheus/cost.yml): ${(error as Error).message}`,
    );
  }
}
