import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { type Figure, figure } from "./stats.js";

const child = fileURLToPath(new URL("./precise-overhead-main.js", import.meta.url));

/** Instrumented ÷ plain throughput from instruction counts, and how much two runs differ. */
export interface PreciseOverhead {
  /** Instructions of a plain fit ÷ an instrumented one, per run (throughput on ÷ off). */
  readonly ratio: Figure;
  /** |r₁ − r₂| ÷ their mean over the runs' ratios: the measurement's own run-to-run spread. */
  readonly spread: number;
  readonly instructionsPerStepOff: number;
  readonly instructionsPerStepOn: number;
}

/**
 * The training overhead as instruction counts under callgrind (Debian's valgrind), which repeat
 * from run to run where wall time does not: `runs` processes, each fitting `steps` batches
 * without and with the recorder's tfjs callback `rounds` times (the metrics thread running
 * throughout, Node in V8's `--predictable` mode); per process, the plain fits' instructions ÷ the instrumented ones'. Reports why
 * it was skipped when valgrind is not installed.
 */
export async function benchPreciseOverhead({
  runs = 2,
  rounds = 2,
  steps = 10,
  // V8's predictable mode: no concurrent compilation or GC threads, a GC schedule that repeats.
  nodeFlags = ["--predictable"] as readonly string[],
} = {}): Promise<PreciseOverhead | { skipped: string }> {
  const valgrind = await execa("valgrind", ["--version"], { reject: false });
  if (valgrind.exitCode !== 0)
    return { skipped: "valgrind is not installed (apt-get install valgrind)" };
  const ratios: number[] = [];
  const perStep = { off: 0, on: 0 };
  for (let run = 0; run < runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), "trainwatch-bench-callgrind-"));
    try {
      await execa("valgrind", [
        "--tool=callgrind",
        "--dump-before=getppid",
        `--callgrind-out-file=${join(dir, "out")}`,
        "node",
        ...nodeFlags,
        child,
        String(rounds),
        String(steps),
      ]);
      const totals = readdirSync(dir)
        .map((name) => Number(/^out\.(\d+)$/.exec(name)?.[1]))
        .filter(Number.isInteger)
        .sort((a, b) => a - b)
        .map((n) =>
          Number(/^totals: (\d+)$/m.exec(readFileSync(join(dir, `out.${n}`), "utf8"))?.[1]),
        );
      // After the near-empty dump between two marks: plain then instrumented in even rounds,
      // instrumented then plain in odd ones.
      const anchor = totals.findIndex((count) => count < 1_000_000);
      const windows = totals.slice(anchor + 1, anchor + 1 + 2 * rounds);
      if (anchor < 0 || windows.length < 2 * rounds) {
        throw new Error(`callgrind's dumps are not as expected: ${totals.join(", ")}`);
      }
      const instrumented = (i: number) => i % 2 === (Math.floor(i / 2) % 2 === 0 ? 1 : 0);
      const sum = (want: boolean) =>
        windows.filter((_, i) => instrumented(i) === want).reduce((a, b) => a + b, 0);
      const [off, on] = [sum(false), sum(true)];
      ratios.push(off / on);
      perStep.off += off / (rounds * steps * runs);
      perStep.on += on / (rounds * steps * runs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  return {
    ratio: figure(ratios),
    spread: (Math.max(...ratios) - Math.min(...ratios)) / mean,
    instructionsPerStepOff: perStep.off,
    instructionsPerStepOn: perStep.on,
  };
}
