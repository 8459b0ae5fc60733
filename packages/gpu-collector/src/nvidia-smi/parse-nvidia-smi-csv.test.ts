import { describe, expect, it } from "vitest";
import { parseNvidiaSmiCsv } from "./parse-nvidia-smi-csv.js";

describe("parseNvidiaSmiCsv", () => {
  const fields = ["index", "memory.used", "clocks.current.sm"];

  it("keys each GPU's cells by the fields asked for, with or without a header line", () => {
    const rows = [
      { index: "0", "memory.used": "19818", "clocks.current.sm": "1980" },
      { index: "1", "memory.used": "[N/A]", "clocks.current.sm": "345" },
    ];
    const body = "0, 19818, 1980\n1, [N/A], 345\n";
    expect(parseNvidiaSmiCsv(body, fields)).toEqual(rows);
    expect(parseNvidiaSmiCsv(`index, memory.used [MiB], clocks.sm [MHz]\n${body}`, fields)).toEqual(
      rows,
    );
  });

  it("reads Windows line ends and skips blank lines", () => {
    expect(parseNvidiaSmiCsv("0, 1, 2\r\n\r\n1, 3, 4\r\n", fields)).toHaveLength(2);
  });

  it("names the line when its column count is wrong", () => {
    expect(() => parseNvidiaSmiCsv("0, 1\n", fields)).toThrow(
      'nvidia-smi line 1 has 2 columns, expected 3: "0, 1"',
    );
  });
});
