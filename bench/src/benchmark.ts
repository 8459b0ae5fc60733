import type { Figure } from "./stats.js";

/** Where a benchmark writes what it measured: results/latest.json's keys and the printed table. */
export interface Report {
  /** A figure's median under `key` (and its min and max under `<key>_min`, `<key>_max`), and a row. */
  figure(key: string, figure: Figure, unit: string, note?: string): void;
  /** A value under `key`, without a row. */
  value(key: string, value: number | string): void;
  /** A row of the printed table. */
  row(text: string): void;
  /** A value an earlier benchmark of the same run reported (the list runs in order). */
  earlier(key: string): number | undefined;
}

/** One benchmark: what it measures, how, and how its result is reported. */
export interface Benchmark<Result> {
  /** Printed before it runs, e.g. "hot path: record_step vs bare prom-client". */
  readonly title: string;
  run(): Promise<Result>;
  report(result: Result, out: Report): void;
}

/** A benchmark with its result type forgotten: what the CLI's list holds. */
export interface RunnableBenchmark {
  readonly title: string;
  /** Runs it and reports its result. */
  measure(out: Report): Promise<void>;
}

/** Keeps a benchmark's title, run and report together, and lets the CLI run it. */
export function defineBenchmark<Result>(
  benchmark: Benchmark<Result>,
): Benchmark<Result> & RunnableBenchmark {
  return { ...benchmark, measure: async (out) => benchmark.report(await benchmark.run(), out) };
}

/** Four significant digits, as results/latest.json keeps them. */
export function round(value: number): number {
  return Number(value.toPrecision(4));
}

/** A number for the printed table: whole from 100 on, else three significant digits. */
export function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

/** A figure in bytes as MiB. */
export function mebibytes(f: Figure): Figure {
  return { median: f.median / 2 ** 20, min: f.min / 2 ** 20, max: f.max / 2 ** 20 };
}

/** A report that collects into `results` and `rows`. */
export function createReport(results: Record<string, number | string>, rows: string[]): Report {
  return {
    figure(key, f, unit, note = "") {
      Object.assign(results, {
        [key]: round(f.median),
        [`${key}_min`]: round(f.min),
        [`${key}_max`]: round(f.max),
      });
      rows.push(
        `${key.padEnd(28)} ${fmt(f.median).padStart(10)} ${unit.padEnd(6)} (${fmt(f.min)}–${fmt(f.max)}) ${note}`,
      );
    },
    value(key, value) {
      results[key] = value;
    },
    row(text) {
      rows.push(text);
    },
    earlier(key) {
      const value = results[key];
      return typeof value === "number" ? value : undefined;
    },
  };
}
