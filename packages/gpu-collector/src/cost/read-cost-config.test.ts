import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { noCost, readCostConfig } from "./read-cost-config.js";

const shipped = fileURLToPath(new URL("../../../../prometheus/cost.yml", import.meta.url));
const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), "cost-")), "cost.yml");
  writeFileSync(path, text);
  return path;
};

describe("readCostConfig", () => {
  it("reads the shipped prometheus/cost.yml as pricing nothing", () => {
    expect(readCostConfig(shipped)).toEqual(noCost);
  });

  it("reads prices by model and the grid's intensity", () => {
    const path = file('gpuHourDollars:\n  "NVIDIA H100 80GB HBM3": 2.49\ngridGramsPerKwh: 380\n');
    expect(readCostConfig(path)).toEqual({
      gpuHourDollars: { "NVIDIA H100 80GB HBM3": 2.49 },
      gridGramsPerKwh: 380,
    });
  });

  it("names the file and every bad field with its value", () => {
    const path = file('gpuHourDollars:\n  "NVIDIA H100": -1\ngridGramsPerKwh: "lots"\nprice: 3\n');
    expect(() => readCostConfig(path)).toThrow(
      [
        `cost configuration ${path} (see prometheus/cost.yml): 3 problems:`,
        "  - gpuHourDollars.NVIDIA H100: expected a number above 0 (got -1)",
        '  - gridGramsPerKwh: expected a number (got "lots")',
        '  - unknown key "price": expected gpuHourDollars or gridGramsPerKwh',
      ].join("\n"),
    );
  });

  it("says when the file is not YAML or not there", () => {
    expect(() => readCostConfig(file("gpuHourDollars: [\n"))).toThrow(
      /^cost configuration .*cost\.yml: /,
    );
    expect(() => readCostConfig("/nonexistent/cost.yml")).toThrow(
      /cost configuration \/nonexistent\/cost.yml: ENOENT/,
    );
  });
});
