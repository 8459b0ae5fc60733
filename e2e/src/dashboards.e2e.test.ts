import { dashboards } from "@trainwatch/grafana-dashboards";
import { describe, expect, it } from "vitest";
import { countRangeSeries, waitForQuery } from "./query-prometheus.js";
import { startNativeStack } from "./start-native-stack.js";

/**
 * Panels that legitimately stay empty in this run, with the reason. The pid join of GPUs to
 * jobs needs the trainers on the GPUs the collector reads; here the GPU data is a replayed
 * trace whose processes are the recording's, not these trainers.
 */
const legitimatelyEmpty: Record<string, string> = {
  "trainwatch-training / Throughput / B":
    "job:gpu_utilization:avg needs the pid join (replayed GPU processes are not these trainers)",
  "trainwatch-training / Stop reason / A": "no run is stopped in a healthy run",
  "trainwatch-gpu-fleet / Memory per process / A":
    "the replayed trace lists GPU processes only from t=20 s (idle before), longer than this run",
  "trainwatch-run-comparison / Energy / A":
    "energy per job needs the pid join (replayed GPU processes are not these trainers)",
  "trainwatch-run-comparison / Joules per accuracy point / A":
    "cost per accuracy point needs the pid join",
};

/** Grafana's substitutions for "All" and its built-in intervals. */
const substitute = (expr: string) =>
  expr
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$__range", "5m")
    .replace(/\$(\w+)/g, ".*");

describe("the dashboards against a live Prometheus (native stack, replayed GPU trace)", () => {
  it("answer every panel query with at least one series, but for the panels listed as legitimately empty", async () => {
    const stack = await startNativeStack({
      trainerArgs: [
        "--epochs",
        "12",
        "--train-size",
        "2000",
        "--validation-size",
        "300",
        "--linger",
        "4",
      ],
    });
    try {
      await waitForQuery(
        stack.prometheusUrl,
        'training_status{state="completed", instance=""} == 1',
        (s) => s.length === 2,
        {
          what: "both runs to complete and their final state to be scraped from the Pushgateway",
          timeoutMs: 120_000,
        },
      );
      await waitForQuery(
        stack.prometheusUrl,
        "job_task:training_examples:rate",
        (s) => s.length > 0,
        { what: "the recording rules" },
      );
      // Prometheus stores ALERTS only some seconds after it reports the first firing alert (seen here: ~11 s).
      await waitForQuery(
        stack.prometheusUrl,
        'ALERTS{alertname="Watchdog"}',
        (s) => s.length === 1,
        {
          what: "the Watchdog alert to be stored as ALERTS",
        },
      );
      const empty: string[] = [];
      let checked = 0;
      for (const dashboard of Object.values(dashboards())) {
        const targets = (dashboard.panels ?? []).flatMap((panel) =>
          ((panel as { targets?: { expr: string; refId: string }[] }).targets ?? []).map((t) => ({
            where: `${dashboard.uid} / ${panel.title} / ${t.refId}`,
            expr: t.expr,
          })),
        );
        const annotations = (dashboard.annotations?.list ?? []).map((a) => ({
          where: `${dashboard.uid} / annotation ${a.name}`,
          expr: (a as { expr?: string }).expr ?? "",
        }));
        for (const { where, expr } of [...targets, ...annotations]) {
          checked += 1;
          if ((await countRangeSeries(stack.prometheusUrl, substitute(expr))) === 0)
            empty.push(where);
        }
      }
      console.log(
        `checked ${checked} panel and annotation queries; empty: ${empty.map((w) => `${w} (${legitimatelyEmpty[w] ?? "UNEXPECTED"})`).join("; ") || "none"}`,
      );
      expect(empty.sort()).toEqual(Object.keys(legitimatelyEmpty).sort());
    } finally {
      await stack.stop();
    }
  });
});
