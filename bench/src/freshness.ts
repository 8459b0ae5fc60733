import { waitFor } from "@trainwatch/cli-kit";
import { scrapeValue, startNativeStack, waitForQuery } from "@trainwatch/harness";
import { defineBenchmark, fmt, round } from "./benchmark.js";
import { type Figure, figure, percentile } from "./stats.js";

/**
 * Freshness on a native stack (1 s scrape, or with `otlp` a 1 s OTLP push): from a step count
 * seen on the trainer's /metrics to Prometheus returning it, `samples` times; p50 and p95 in ms.
 */
export async function benchFreshness(
  samples = 20,
  { otlp = false } = {},
): Promise<{ p50: number; p95: number; all: Figure }> {
  const stack = await startNativeStack({
    upArgs: ["--workers", "1", "--gpu", "none", ...(otlp ? ["--otlp"] : [])],
    trainerArgs: ["--epochs", "500"],
  });
  try {
    const [trainer] = (await stack.status()).trainers;
    if (!trainer) throw new Error("the stack started no trainer");
    const series = `training_steps_total{job="${trainer.job}",task="${trainer.task}"}`;
    const delays: number[] = [];
    for (let i = 0; i < samples; i++) {
      const steps = await scrapeValue(trainer.url, series);
      if (steps === undefined) break;
      const seen = performance.now();
      await waitForQuery(stack.prometheusUrl, `${series} >= ${steps}`, (s) => s.length === 1, {
        timeoutMs: 10_000,
      });
      delays.push(performance.now() - seen);
    }
    return { p50: percentile(delays, 50), p95: percentile(delays, 95), all: figure(delays) };
  } finally {
    await stack.stop();
  }
}

/**
 * From a fault (the last step of a stalled trainer) to the trainer stopped by the alert, under
 * the fast alert timing, in seconds.
 */
export async function benchStallToStop(): Promise<number> {
  const stack = await startNativeStack({
    upArgs: ["--workers", "1", "--gpu", "none", "--alert-timing", "fast"],
    trainerArgs: ["--epochs", "500", "--fault-stall-after", "40"],
  });
  try {
    const [trainer] = (await stack.status()).trainers;
    if (!trainer) throw new Error("the stack started no trainer");
    const [last] = await waitForQuery(
      stack.prometheusUrl,
      `training_last_step_timestamp_seconds{task="${trainer.task}"} and on (job, task) training_steps_total >= 39`,
      (s) => s.length === 1,
      { what: "the trainer to reach its stall", timeoutMs: 60_000 },
    );
    const stoppedAt = await waitFor(
      async () => {
        const text = await (await fetch(`${stack.pushgatewayUrl}/metrics`)).text();
        return /^training_status\{[^}]*state="stopped"[^}]*\} 1$/m.test(text) && Date.now();
      },
      { what: "the stopped state in the Pushgateway", timeoutMs: 60_000, intervalMs: 100 },
    );
    return (stoppedAt - (last?.value ?? 0) * 1000) / 1000;
  } finally {
    await stack.stop();
  }
}

/** From a step on /metrics to Prometheus returning it, scraped and pushed (OTLP). */
export const freshnessBenchmark = defineBenchmark({
  title: "freshness on a native stack, scraped and pushed",
  run: async () => ({
    scraped: await benchFreshness(),
    pushed: await benchFreshness(20, { otlp: true }),
  }),
  report({ scraped: freshness, pushed }, out) {
    out.figure(
      "freshness_ms",
      freshness.all,
      "ms",
      "step seen on /metrics → returned by Prometheus, 1 s scrape",
    );
    out.value("freshness_p50_ms", round(freshness.p50));
    out.value("freshness_p95_ms", round(freshness.p95));
    out.row(
      `freshness p50 ${fmt(freshness.p50)} ms, p95 ${fmt(freshness.p95)} ms (target p95 ≤ 1500 ms)`,
    );
    out.figure(
      "freshness_ms_otlp",
      pushed.all,
      "ms",
      "the same through a 1 s OTLP push (trainwatch up --otlp)",
    );
    out.value("freshness_p50_ms_otlp", round(pushed.p50));
    out.value("freshness_p95_ms_otlp", round(pushed.p95));
  },
});

/** From a stall to the trainer stopped, through the rules, Alertmanager and the receiver. */
export const stallToStopBenchmark = defineBenchmark({
  title: "stall to stop on a native stack",
  run: benchStallToStop,
  report(stallToStop, out) {
    out.value("stall_to_stop_s", round(stallToStop));
    out.row(
      `stall_to_stop_s ${fmt(stallToStop)} s (fast alert timing: 4 s without a step, for 1 s)`,
    );
  },
});
