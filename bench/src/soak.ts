import { TrainwatchError } from "@trainwatch/cli-kit";
import { runSoak, type SoakReport } from "@trainwatch/harness";
import { defineBenchmark, fmt, round } from "./benchmark.js";

/** The soak's length in minutes: `pnpm bench soak --soak-minutes N` (default 30). */
export function soakMinutes(argv: readonly string[]): number {
  const i = argv.indexOf("--soak-minutes");
  const value = i >= 0 ? Number(argv[i + 1]) : 30;
  if (!Number.isFinite(value) || value < 2)
    throw new TrainwatchError(
      "usage",
      `--soak-minutes ${argv[i + 1]}: expected a number of minutes, 2 or more`,
    );
  return value;
}

const units = { rss_bytes: "MiB", heap_bytes: "MiB", open_fds: "fds", series: "series" } as const;

/**
 * The soak: the native stack for `minutes` with two trainers training throughout, the collector,
 * the receiver and the viewer open in Chromium, every process sampled every minute; reports each
 * slope per hour, and marks the report FAILED where one is not flat within noise.
 */
export const soakBenchmark = (minutes: number) =>
  defineBenchmark<SoakReport>({
    title: `soak: the stack for ${minutes} minutes, every process sampled each minute`,
    run: () => runSoak({ minutes, log: (line) => console.log(`  ${line}`) }),
    report(soak, out) {
      const growing: string[] = [];
      for (const s of soak.series) {
        const scale = units[s.metric] === "MiB" ? 2 ** 20 : 1;
        const key = `soak_${s.process.replace(/\W+/g, "_")}_${s.metric}_per_hour`;
        const last = (s.points.at(-1)?.value ?? Number.NaN) / scale;
        out.value(key, round(s.fit.perHour / scale));
        out.row(
          `${key.padEnd(44)} ${fmt(s.fit.perHour / scale).padStart(10)} ${units[s.metric]}/h ± ${fmt(s.fit.standardErrorPerHour / scale)} (last ${fmt(last)}) ${s.fit.flat ? "flat" : "GROWS"}`,
        );
        if (!s.fit.flat) growing.push(`${s.process} ${s.metric}`);
      }
      out.value("soak_minutes", soak.minutes);
      out.value("soak_metrics_p99_ms", round(soak.metricsLatencyMs.p99));
      out.value("soak_steps", soak.steps);
      out.value("soak_growing", growing.join(", ") || "none");
      out.row(
        `soak: ${soak.minutes} min, ${soak.steps} steps, trainer /metrics p50 ${fmt(soak.metricsLatencyMs.p50)} ms, p99 ${fmt(soak.metricsLatencyMs.p99)} ms (${soak.metricsLatencyMs.count} reads); viewer ${soak.viewer}; ended early: ${soak.ended.join(", ") || "none"}; series added after warm-up: ${JSON.stringify(soak.seriesAdded)}`,
      );
      out.row(
        growing.length === 0
          ? "soak: every slope flat within noise"
          : `soak: FAILED, not flat within noise: ${growing.join(", ")}`,
      );
    },
  });
