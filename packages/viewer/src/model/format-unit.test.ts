import { describe, expect, it } from "vitest";
import { formatValue, isSupportedUnit } from "./format-unit.js";

describe("formatValue", () => {
  it.each([
    [0.42, "percentunit", "42%"],
    [0.9876, "percentunit", "98.8%"],
    [3 * 2 ** 30, "bytes", "3 GiB"],
    [1536, "bytes", "1.5 KiB"],
    [512, "bytes", "512 B"],
    [0.25, "s", "250 ms"],
    [42, "s", "42 s"],
    [90, "s", "1.5 min"],
    [7200, "s", "2 hour"],
    [350, "watt", "350 W"],
    [1500, "watt", "1.5 kW"],
    [71, "celsius", "71 °C"],
    [1.98e9, "hertz", "1.98 GHz"],
    [2.5e6, "joule", "2.5 MJ"],
    [3.52e9, "flops", "3.52 GFLOP/s"],
    [0.00123, "none", "0.00123"],
    [1234.5, "none", "1235"],
    [1, "bool_on_off", "On"],
    [0, "bool_on_off", "Off"],
  ])("formats %s in %s as %s", (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });

  it("spells out NaN, infinities and missing values", () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, null].map((v) => formatValue(v, "s"))).toEqual([
      "NaN",
      "+Inf",
      "–",
    ]);
  });

  it("keeps the decimals a field asks for", () => {
    expect(formatValue(0.5, "percentunit", 2)).toBe("50.00%");
  });
});

describe("formatValue money and mass", () => {
  it("shows dollars with a $ and K/M steps, and grams with SI prefixes, as Grafana does", () => {
    expect(formatValue(0.6, "currencyUSD")).toBe("$0.6");
    expect(formatValue(1234, "currencyUSD")).toBe("$1.23K");
    expect(formatValue(-2.5, "currencyUSD")).toBe("-$2.5");
    expect(formatValue(3, "massg")).toBe("3 g");
    expect(formatValue(4200, "massg")).toBe("4.2 kg");
  });
});

describe("isSupportedUnit", () => {
  it("accepts the units Grafana's dashboards here use and refuses others", () => {
    expect(
      ["percentunit", "bytes", "s", "watt", "celsius", "hertz", "joule", "none", ""].every((u) =>
        isSupportedUnit(u),
      ),
    ).toBe(true);
    expect(isSupportedUnit("lengthm")).toBe(false);
  });
});
