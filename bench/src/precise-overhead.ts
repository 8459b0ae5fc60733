import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { defineBenchmark, fmt, round } from "./benchmark.js";
import { type Figure, figure } from "./stats.js";

const child = fileURLToPath(new URL("./precise-overhead-main.js", import.meta.url));

/** Instrumented ÷ plain throughput from instruction counts, and how much two runs differ. */
export interface PreciseOverhead {
  /** Instructions of the plain fit ÷ the instrumented one, per pair of runs (throughput on ÷ off). */
  readonly ratio: Figure;
  /** (max − min) ÷ mean of the pairs' ratios: the measurement's own run-to-run spread. */
  readonly spread: number;
  readonly instructionsPerStepOff: number;
  readonly instructionsPerStepOn: number;
}

/** Instructions callgrind counted in the child's measured fit. */
async function countFit(mode: "off" | "on", steps: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "trainwatch-bench-callgrind-"));
  try {
    await execa("valgrind", [
      "--tool=callgrind",
      "--dump-before=getppid",
      `--callgrind-out-file=${join(dir, "out")}`,
      "node",
      // V8's predictable mode: no concurrent compilation or GC threads; GCs on a fixed schedule.
      "--predictable",
      "--predictable-gc-schedule",
      child,
      mode,
      String(steps),
    ]);
    const totals = readdirSync(dir)
      .map((name) => Number(/^out\.(\d+)$/.exec(name)?.[1]))
      .filter(Number.isInteger)
      .sort((a, b) => a - b)
      .map((n) =>
        Number(/^totals: (\d+)$/m.exec(readFileSync(join(dir, `out.${n}`), "utf8"))?.[1]),
      );
    // The near-empty dump between two marks in a row; the fit's is next.
    const total = totals[totals.findIndex((count) => count < 1_000_000) + 1];
    if (!total) throw new Error(`callgrind's dumps are not as expected: ${totals.join(", ")}`);
    return total;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The training overhead as instruction counts under callgrind (Debian's valgrind), which repeat
 * from run to run where wall time does not: `pairs` pairs of processes, one fitting `steps`
 * batches without instrumentation, one with it (each pair run side by side: callgrind runs a
 * process on one core); per pair, the plain fit's instructions ÷ the instrumented one's.
 * Reports why it was skipped when valgrind is not installed.
 */
export async function benchPreciseOverhead({
  pairs = 2,
  steps = 20,
} = {}): Promise<PreciseOverhead | { skipped: string }> {
  const valgrind = await execa("valgrind", ["--version"], { reject: false });
  if (valgrind.exitCode !== 0) {
    return { skipped: "valgrind is not installed (apt-get install valgrind)" };
  }
  const counts: { off: number; on: number }[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    const [off, on] = await Promise.all([countFit("off", steps), countFit("on", steps)]);
    counts.push({ off, on });
  }
  const ratios = counts.map(({ off, on }) => off / on);
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  const perStep = (mode: "off" | "on") =>
    counts.reduce((sum, c) => sum + c[mode], 0) / (counts.length * steps);
  return {
    ratio: figure(ratios),
    spread: (Math.max(...ratios) - Math.min(...ratios)) / mean,
    instructionsPerStepOff: perStep("off"),
    instructionsPerStepOn: perStep("on"),
  };
}

/** The same overhead counted in instructions under callgrind, where it can run. */
export const preciseOverheadBenchmark = defineBenchmark({
  title:
    "precise overhead: instruction counts of the same fits without and with the callback, under callgrind (about 5 min)",
  run: () => benchPreciseOverhead(),
  report(precise, out) {
    if ("skipped" in precise) {
      out.row(`overhead_ratio_precise: not measured (${precise.skipped})`);
      return;
    }
    out.figure(
      "overhead_ratio_precise",
      precise.ratio,
      "×",
      "instructions off ÷ on per fit (throughput on ÷ off), per-step reporting; goal ≥ 0.995",
    );
    out.value("overhead_ratio_precise_spread", round(precise.spread));
    out.value("instructions_per_step_off", Math.round(precise.instructionsPerStepOff));
    out.value("instructions_per_step_on", Math.round(precise.instructionsPerStepOn));
    out.row(
      `overhead_ratio_precise_spread ${fmt(precise.spread * 100)} % (run-to-run; goal < 0.2 %); instructions per step ${fmt(precise.instructionsPerStepOff / 1e6)} M off, ${fmt(precise.instructionsPerStepOn / 1e6)} M on`,
    );
  },
});
