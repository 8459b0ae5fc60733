import { fileURLToPath } from "node:url";
import { execa } from "execa";
import getPort from "get-port";
import { defineBenchmark, fmt, round } from "./benchmark.js";
import { callgrindMissing } from "./callgrind.js";
import {
  countTrainingProcess,
  type Mode,
  type ProcessCounts,
  readSteadyFit,
} from "./count-training-process.js";
import { type Figure, figure } from "./stats.js";

const child = fileURLToPath(new URL("./precise-overhead-main.js", import.meta.url));

/** A ratio measured once per repetition, and how much the repetitions differ. */
export interface RepeatedRatio extends Figure {
  /** (max − min) ÷ mean: the measurement's own run-to-run spread. */
  readonly spread: number;
}

/** What trainwatch costs a training process, counted in instructions under callgrind. */
export interface PreciseOverhead {
  readonly stepsPerEpoch: number;
  /** Steady-state throughput on ÷ off: instructions per step off ÷ on. */
  readonly steady: RepeatedRatio;
  /** Start-up's cost on ÷ off: instructions from process start to the first step's end. */
  readonly startup: RepeatedRatio;
  /** Mean instructions per steady step, and from start to the first step, by mode. */
  readonly perStep: Record<Mode, number>;
  readonly startupInstructions: Record<Mode, number>;
  /** The functions that gained the most instructions per steady step, on − off, mean. */
  readonly topAdded: readonly { readonly name: string; readonly perStep: number }[];
  /** Milliseconds per step at full speed, and under callgrind (`off`); scrapes per steady state. */
  readonly nativeMsPerStep: number;
  readonly callgrindMsPerStep: number;
  readonly slowdown: number;
  readonly steadyScrapes: readonly number[];
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function repeated(values: readonly number[]): RepeatedRatio {
  return { ...figure(values), spread: (Math.max(...values) - Math.min(...values)) / mean(values) };
}

/** The functions whose own instructions per step grew most from `off` to `on`, averaged. */
function topAdded(off: readonly ProcessCounts[], on: readonly ProcessCounts[], steps: number) {
  const added = new Map<string, number>();
  const add = (counts: readonly ProcessCounts[], sign: number) => {
    for (const { steadyByFunction } of counts) {
      for (const [name, count] of steadyByFunction) {
        added.set(name, (added.get(name) ?? 0) + (sign * count) / (counts.length * steps));
      }
    }
  };
  add(on, 1);
  add(off, -1);
  return [...added]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([name, perStep]) => ({ name, perStep }));
}

/**
 * The training overhead as instruction counts under callgrind (Debian's valgrind), which repeat
 * from run to run where wall time does not. `repetitions` pairs of processes, `off` and `on`
 * side by side (callgrind runs a process on one core), each fitting the MLP on wasm:
 * the first step, two epochs of `stepsPerEpoch` to warm up, two more counted as the steady state.
 * Start-up is on ÷ off, steady state off ÷ on (a throughput ratio, goal ≥ 0.995), both per
 * repetition. Also times the same fit at full speed, to know how much slower callgrind ran it.
 * Reports why it was skipped when valgrind is not installed.
 */
export async function benchPreciseOverhead({
  repetitions = 2,
  stepsPerEpoch = 100,
  slowdown = 30,
} = {}): Promise<PreciseOverhead | { skipped: string }> {
  const missing = await callgrindMissing();
  if (missing) return { skipped: missing };
  const native = await execa("node", [
    "--expose-gc",
    child,
    "off",
    String(stepsPerEpoch),
    "1",
    String(await getPort()),
  ]);
  const nativeMsPerStep = readSteadyFit(native.stdout).msPerStep;
  const counts: Record<Mode, ProcessCounts[]> = { off: [], on: [] };
  for (let i = 0; i < repetitions; i++) {
    const [off, on] = await Promise.all(
      (["off", "on"] as const).map((mode) =>
        countTrainingProcess(mode, { stepsPerEpoch, slowdown }),
      ),
    );
    counts.off.push(off as ProcessCounts);
    counts.on.push(on as ProcessCounts);
  }
  const steps = 2 * stepsPerEpoch;
  const byMode = <T>(f: (mode: Mode) => T) => ({ off: f("off"), on: f("on") });
  const callgrindMsPerStep = mean(counts.off.map((c) => c.msPerStep));
  return {
    stepsPerEpoch,
    steady: repeated(counts.on.map((on, i) => (counts.off[i] as ProcessCounts).steady / on.steady)),
    startup: repeated(
      counts.on.map((on, i) => on.startup / (counts.off[i] as ProcessCounts).startup),
    ),
    perStep: byMode((mode) => mean(counts[mode].map((c) => c.steady)) / steps),
    startupInstructions: byMode((mode) => mean(counts[mode].map((c) => c.startup))),
    topAdded: topAdded(counts.off, counts.on, steps),
    nativeMsPerStep,
    callgrindMsPerStep,
    slowdown,
    steadyScrapes: counts.on.map((c) => c.steadyScrapes),
  };
}

const millions = (n: number) => `${fmt(n / 1e6)} M`;

/** The same overhead counted in instructions under callgrind, where it can run. */
export const preciseOverheadBenchmark = defineBenchmark({
  title:
    "precise overhead: instructions of the same training without and with trainwatch, start-up and steady state, under callgrind (about 9 min)",
  run: () => benchPreciseOverhead(),
  report(precise, out) {
    if ("skipped" in precise) {
      out.row(`overhead_ratio_steady: not measured (${precise.skipped})`);
      return;
    }
    const { perStep, startupInstructions: startup, stepsPerEpoch } = precise;
    const window = `steps ${2 * stepsPerEpoch + 2}–${4 * stepsPerEpoch + 1}`;
    out.figure(
      "overhead_ratio_steady",
      precise.steady,
      "×",
      `instructions per step off ÷ on (throughput on ÷ off), ${window}, per-step reporting, /metrics scraped every second; goal ≥ 0.995`,
    );
    out.value("overhead_ratio_steady_spread", round(precise.steady.spread));
    out.figure(
      "startup_cost_ratio",
      precise.startup,
      "×",
      "instructions from process start to the end of the first step, on ÷ off",
    );
    out.value("startup_cost_ratio_spread", round(precise.startup.spread));
    for (const mode of ["off", "on"] as const) {
      out.value(`instructions_per_step_${mode}`, Math.round(perStep[mode]));
    }
    out.value("instructions_added_per_step", Math.round(perStep.on - perStep.off));
    out.value("startup_instructions_added", Math.round(startup.on - startup.off));
    out.value("precise_slowdown", round(precise.callgrindMsPerStep / precise.nativeMsPerStep));
    const nativeMs = (instructions: number) =>
      (instructions / perStep.off) * precise.nativeMsPerStep;
    out.row(
      `  spreads (run-to-run, goal < 0.2 %): steady ${fmt(precise.steady.spread * 100)} %, start-up ${fmt(precise.startup.spread * 100)} %`,
    );
    out.row(
      `  per step: ${millions(perStep.off)} instructions off, ${millions(perStep.on)} on: ${fmt((perStep.on - perStep.off) / 1000)} k added`,
    );
    out.row(
      `  start-up: ${millions(startup.off)} off, ${millions(startup.on)} on (+${millions(startup.on - startup.off)}, about ${fmt(nativeMs(startup.on - startup.off))} ms at full speed)`,
    );
    out.row(
      `  callgrind ran a step in ${fmt(precise.callgrindMsPerStep)} ms, ${fmt(precise.callgrindMsPerStep / precise.nativeMsPerStep)}× the ${fmt(precise.nativeMsPerStep)} ms at full speed; timers and scrapes slowed ${precise.slowdown}×; scrapes in the steady state: ${precise.steadyScrapes.join(", ")}`,
    );
    out.row("  added instructions per steady step by function (own instructions, on − off):");
    precise.topAdded.forEach(({ name, perStep: added }, i) => {
      out.value(`overhead_steady_top_${i + 1}`, `${Math.round(added)} ${name}`);
      out.row(`    ${String(Math.round(added)).padStart(9)}  ${name}`);
    });
  },
});
