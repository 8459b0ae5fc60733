/** A figure measured several times: its median and spread. */
export interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Median, min and max of repeated measurements. */
export function figure(values: readonly number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] as number,
    min: sorted[0] as number,
    max: sorted.at(-1) as number,
  };
}

/** The nearest-rank `p`th percentile (0–100) of `values`, e.g. `percentile(delays, 95)`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/**
 * Runs the `runs` in turn (A B C A B C …) `rounds` times, so machine noise falls on all of them,
 * and returns each one's measurements.
 */
export async function interleave<const R extends readonly (() => number | Promise<number>)[]>(
  rounds: number,
  ...runs: R
): Promise<{ -readonly [K in keyof R]: number[] }> {
  const times = runs.map((): number[] => []);
  for (let i = 0; i < rounds; i++) {
    for (const [k, run] of runs.entries()) times[k]?.push(await run());
  }
  return times as { -readonly [K in keyof R]: number[] };
}
