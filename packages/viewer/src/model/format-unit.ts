/** A value formatter for one Grafana unit id. */
type Formatter = (value: number, decimals?: number) => string;

/** Decimals Grafana-like: more for small magnitudes, none for large ones. */
function autoDecimals(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude === 0 || magnitude >= 100) return 0;
  if (magnitude >= 10) return 1;
  if (magnitude >= 1) return 2;
  return Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(magnitude)) + 1));
}

/** A number with fixed decimals, trailing zeros of auto decimals trimmed. */
function fixed(value: number, decimals?: number): string {
  if (decimals !== undefined) return value.toFixed(decimals);
  const text = value.toFixed(autoDecimals(value));
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

const siPrefixes = ["n", "µ", "m", "", "k", "M", "G", "T", "P"];

/** Scales by powers of 1000 with SI prefixes (`1500` W → `1.5 kW`). */
const si =
  (symbol: string): Formatter =>
  (value, decimals) => {
    if (value === 0) return `${fixed(0, decimals)} ${symbol}`;
    const exponent = Math.max(-3, Math.min(5, Math.floor(Math.log10(Math.abs(value)) / 3)));
    return `${fixed(value / 1000 ** exponent, decimals)} ${siPrefixes[exponent + 3]}${symbol}`;
  };

/** Scales by powers of `base` through `names` (bytes in KiB, MiB, …). */
const scaled =
  (base: number, names: readonly string[]): Formatter =>
  (value, decimals) => {
    let index = 0;
    let scaledValue = value;
    while (Math.abs(scaledValue) >= base && index < names.length - 1) {
      scaledValue /= base;
      index += 1;
    }
    return `${fixed(scaledValue, decimals)} ${names[index]}`;
  };

/** Seconds as Grafana's `s` shows them: ms below a second, then s, min, hour, day, week. */
const seconds: Formatter = (value, decimals) => {
  const magnitude = Math.abs(value);
  if (magnitude === 0) return `${fixed(0, decimals)} s`;
  if (magnitude < 1) return si("s")(value, decimals);
  const steps: [number, string][] = [
    [604_800, "week"],
    [86_400, "day"],
    [3_600, "hour"],
    [60, "min"],
  ];
  for (const [size, name] of steps) {
    if (magnitude >= size) return `${fixed(value / size, decimals)} ${name}`;
  }
  return `${fixed(value, decimals)} s`;
};

const formatters: Readonly<Record<string, Formatter>> = {
  none: (v, d) => fixed(v, d),
  short: scaled(1000, ["", "K", "Mil", "Bil", "Tri"]),
  percentunit: (v, d) => `${fixed(v * 100, d)}%`,
  percent: (v, d) => `${fixed(v, d)}%`,
  bytes: scaled(1024, ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]),
  decbytes: scaled(1000, ["B", "kB", "MB", "GB", "TB", "PB"]),
  s: seconds,
  ms: (v, d) => seconds(v / 1000, d),
  watt: si("W"),
  celsius: (v, d) => `${fixed(v, d)} °C`,
  hertz: si("Hz"),
  joule: si("J"),
  ops: si("ops/s"),
  flops: si("FLOP/s"),
  massg: si("g"),
  currencyUSD: (v, d) => {
    const [amount = "", suffix = ""] = scaled(1000, ["", "K", "M", "B", "T"])(Math.abs(v), d).split(
      " ",
    );
    return `${v < 0 ? "-" : ""}$${amount}${suffix}`;
  },
  bool_on_off: (v) => (v === 0 ? "Off" : "On"),
};

/** The Grafana unit ids the viewer formats. */
export const supportedUnits: readonly string[] = Object.keys(formatters);

/** Whether `unit` (a Grafana unit id; empty or absent means `none`) is one the viewer formats. */
export const isSupportedUnit = (unit: string | undefined): boolean =>
  unit === undefined || unit === "" || unit in formatters;

/**
 * Formats `value` in a Grafana unit, as Grafana shows it: `formatValue(0.42, "percentunit")` is
 * `"42%"`, `formatValue(3 * 2 ** 30, "bytes")` is `"3 GiB"`. NaN and ±Inf are spelled out.
 */
export function formatValue(value: number | null, unit = "none", decimals?: number): string {
  if (value === null) return "–";
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  return (formatters[unit] ?? formatters.none)?.(value, decimals) ?? String(value);
}
