import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseNvidiaSmiPmon } from "./parse-nvidia-smi-pmon.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../test-support/pmon/${name}`, import.meta.url), "utf8");

describe("parseNvidiaSmiPmon", () => {
  it("reads each process's SM share, idle ('-') as 0 and two contexts of one pid added", () => {
    expect(parseNvidiaSmiPmon(fixture("h100-two-jobs.txt"))).toEqual(
      new Map([
        [
          0,
          new Map([
            [11327, 0],
            [11328, 0],
            [11345, 0.97],
          ]),
        ],
      ]),
    );
  });

  it("reads a GPU without processes as none", () => {
    expect(parseNvidiaSmiPmon(fixture("no-processes.txt"))).toEqual(new Map());
  });

  it("finds the columns by name, so an older driver without jpg and ofa reads alike", () => {
    const old = [
      "# gpu        pid  type    sm   mem   enc   dec   command",
      "# Idx          #   C/G     %     %     %     %   name",
      "    1       4242     C    55    20     -     -   python3 train.py",
    ].join("\r\n");
    expect(parseNvidiaSmiPmon(old)).toEqual(new Map([[1, new Map([[4242, 0.55]])]]));
  });

  it("names the first line when the output is not pmon's", () => {
    expect(() => parseNvidiaSmiPmon("Failed to initialize NVML")).toThrow(
      'nvidia-smi pmon printed no "# gpu pid … sm" header: "Failed to initialize NVML"',
    );
  });
});
