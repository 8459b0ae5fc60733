import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { defineBenchmark, round } from "./benchmark.js";
import { type Figure, figure, interleave } from "./stats.js";

const child = fileURLToPath(new URL("./hot-path-main.js", import.meta.url));
const steps = 1_000_000;

/** ns per step of one variant, in a process of its own (see hot-path-main.ts for why). */
async function time(
  variant: "native" | "classic" | "bare" | "histogram" | "histogram-classic",
  count = steps,
): Promise<number> {
  const { stdout } = await execa(process.execPath, [child, variant, String(count)]);
  return (JSON.parse(stdout) as { ns: number }).ns;
}

/**
 * Nanoseconds to record one training step (loss, accuracy, counters, duration) through the
 * exporter's recorder, with and without the step histogram's native form, beside the bare
 * prom-client calls that would record the same values: each in a fresh process, in turn.
 */
export async function benchHotPath(): Promise<{
  recordStep: Figure;
  classicOnly: Figure;
  bare: Figure;
  ratio: number;
  nativeRatio: number;
  /** The step histogram's observe alone: both forms, and the classic alone (before native). */
  observe: { both: Figure; classic: Figure };
}> {
  const [ours, classic, theirs] = await interleave(
    7,
    () => time("native"),
    () => time("classic"),
    () => time("bare"),
  );
  const [both, classicAlone] = await interleave(
    7,
    () => time("histogram", 10_000_000),
    () => time("histogram-classic", 10_000_000),
  );
  const recordStepFigure = figure(ours);
  const classicFigure = figure(classic);
  const bareFigure = figure(theirs);
  return {
    recordStep: recordStepFigure,
    classicOnly: classicFigure,
    bare: bareFigure,
    ratio: recordStepFigure.median / bareFigure.median,
    nativeRatio: recordStepFigure.median / classicFigure.median,
    observe: { both: figure(both), classic: figure(classicAlone) },
  };
}

/** record_step into shared memory against the bare prom-client calls it replaces. */
export const hotPathBenchmark = defineBenchmark({
  title: "hot path: record_step vs bare prom-client",
  run: benchHotPath,
  report(hot, out) {
    out.figure(
      "record_step_ns",
      hot.recordStep,
      "ns",
      "into shared memory, classic and native histogram; target ≤ 200 ns",
    );
    out.figure(
      "record_step_classic_ns",
      hot.classicOnly,
      "ns",
      "the same without the native histogram (before it)",
    );
    out.value("record_step_native_ratio", round(hot.nativeRatio));
    out.row(`record_step_native_ratio ${round(hot.nativeRatio)} (with native ÷ classic alone)`);
    out.figure(
      "observe_step_histogram_ns",
      hot.observe.both,
      "ns",
      "the step histogram's observe, classic and native",
    );
    out.figure(
      "observe_step_histogram_classic_ns",
      hot.observe.classic,
      "ns",
      "the same, classic alone (before native)",
    );
    const observeRatio = hot.observe.both.median / hot.observe.classic.median;
    out.value("observe_native_ratio", round(observeRatio));
    out.row(`observe_native_ratio ${round(observeRatio)} (both forms ÷ classic alone)`);
    out.figure("record_step_bare_prom_ns", hot.bare, "ns", "the bare prom-client calls");
    out.value("record_step_ratio", round(hot.ratio));
    out.row(`record_step_ratio ${round(hot.ratio)} (ours ÷ bare)`);
  },
});
