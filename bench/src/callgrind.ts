import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { execa } from "execa";
import { type PerfMap, readPerfMap } from "./callgrind-self-costs.js";

/** Why callgrind cannot count here, or undefined when it can. */
export async function callgrindMissing(): Promise<string | undefined> {
  const valgrind = await execa("valgrind", ["--version"], { reject: false });
  return valgrind.exitCode === 0
    ? undefined
    : "valgrind is not installed (apt-get install valgrind)";
}

/** One of callgrind's dumps: the instructions counted since the one before, in every thread. */
export interface CallgrindDump {
  readonly instructions: number;
  /** The dump's text (per-function counts), for `selfCosts`. */
  readonly text: string;
}

/** A Node script counted under callgrind, its dumps in order, and what V8 named its code. */
export interface CallgrindRun {
  readonly dumps: readonly CallgrindDump[];
  readonly perfMap: PerfMap;
  readonly stdout: string;
}

/**
 * Runs `node <script> <args>` under callgrind, dumping the counts before every getppid() call
 * (`process.ppid` in the script marks where a phase ends), with Node in V8's predictable mode
 * (no concurrent JavaScript compiler or GC threads, GCs on a fixed schedule, fixed seeds) and
 * without what still depended on timing there (bytecode flushing, incremental marking, tiering
 * WebAssembly up on background threads, scavenging in idle tasks), so that counts repeat from
 * run to run; `gc()` exposed to the script, and V8 writing a perf map of its generated code
 * (`--perf-basic-prof`) so that JavaScript and WebAssembly functions can be named. Calls
 * `onLine` with each line the script prints while it runs.
 */
export async function runUnderCallgrind(
  script: string,
  args: readonly string[],
  onLine?: (line: string) => void,
): Promise<CallgrindRun> {
  const dir = mkdtempSync(join(tmpdir(), "trainwatch-bench-callgrind-"));
  const child = execa(
    "valgrind",
    [
      "--tool=callgrind",
      "--dump-before=getppid",
      `--callgrind-out-file=${join(dir, "out")}`,
      "node",
      "--predictable",
      "--predictable-gc-schedule",
      "--random-seed=42",
      "--hash-seed=42",
      // V8 drops the bytecode of functions unused for a few collections and compiles them again
      // when called: how much it recompiled depended on timing, and start-up's count differed by
      // 1.9 % between two runs (0.035 % without).
      "--no-flush-bytecode",
      // V8 marks the heap in steps between the script's own work, sized by the time since
      // marking began: how much each step did depended on callgrind's pace, and two identical
      // start-ups differed by 0.37 % (0.003 % with each full collection done at once).
      "--no-incremental-marking",
      // tfjs' WebAssembly compiled once, by TurboFan, when a function is first called: by
      // default Liftoff compiles it and TurboFan compiles hot functions again on background
      // threads, 250 M instructions that fell before or after the first step's end by timing
      // (two instrumented start-ups differed by 0.2 %; 0.07 % with this).
      "--no-liftoff",
      // V8 scavenges early, in a task, when new space is nearly full and the thread is idle:
      // whether it was idle then depended on callgrind's pace (an instrumented start-up on a third
      // of a core counted 0.28 % more than one on a whole core; on half a core 0.03 % with this).
      "--no-minor-gc-task",
      "--expose-gc",
      "--perf-basic-prof", // its log files go to the working directory, `dir`
      script,
      ...args,
    ],
    { cwd: dir },
  );
  if (onLine) createInterface({ input: child.stdout }).on("line", onLine);
  try {
    const { stdout } = await child;
    const dumps = readdirSync(dir)
      .map((name) => Number(/^out\.(\d+)$/.exec(name)?.[1]))
      .filter(Number.isInteger)
      .sort((a, b) => a - b)
      .map((n) => {
        const text = readFileSync(join(dir, `out.${n}`), "utf8");
        return { instructions: Number(/^totals: (\d+)$/m.exec(text)?.[1]), text };
      });
    return { dumps, perfMap: readPerfMap(child.pid as number), stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(tmpdir(), `perf-${child.pid}.map`), { force: true });
  }
}
