import { waitFor } from "@trainwatch/cli-kit";
import {
  countRangeSeries,
  queryPrometheus,
  scrapeValue,
  startNativeStack,
  waitForQuery,
} from "@trainwatch/harness";
import { describe, expect, it } from "vitest";
import { dashboardQueries, describeEmpty, emptyQueries } from "../dashboard-queries.js";
import { legitimatelyEmpty } from "../legitimately-empty.js";
import { runtimeCases } from "../runtime-cases.js";
import { stallingRunArgs } from "../short-run.js";

const native = runtimeCases().find((c) => c.runtime === "native");

describe("trainwatch up --otlp", () => {
  it.skipIf(native?.skip)(
    "stores what trainers push with OTLP under their job and task, answers the dashboards, stops a stalled run and sees a silent one down",
    async () => {
      await using stack = await startNativeStack({
        alertTiming: "fast",
        faultTask: "worker-1",
        trainerArgs: stallingRunArgs,
        upArgs: ["--otlp"],
      });
      // Not scraped: no trainer target, yet both workers' loss under job and task.
      const targets = (await (await fetch(`${stack.prometheusUrl}/api/v1/targets`)).json()) as {
        data: { activeTargets: { labels: Record<string, string> }[] };
      };
      expect(targets.data.activeTargets.filter((t) => t.labels.job === "trainers")).toEqual([]);
      const losses = await waitForQuery(
        stack.prometheusUrl,
        'training_loss{job="mnist_mlp",phase="train"}',
        (s) => s.length === 2,
        { what: "both pushed train losses" },
      );
      const status = await stack.status();
      expect(
        losses.map((s) => `${s.metric.job}/${s.metric.task} ${s.metric.instance}`).sort(),
      ).toEqual(status.trainers.map((t) => `mnist_mlp/${t.task} ${new URL(t.url).host}`).sort());
      const native = await waitForQuery(
        stack.prometheusUrl,
        "job_task:training_step_duration_seconds:p90",
        (s) => s.length === 2,
        { what: "the step p90 from the pushed exponential histograms" },
      );
      console.log(
        `pushed: ${losses.map((s) => `${s.metric.task} at ${s.metric.instance} loss ${s.value.toFixed(3)}`).join(", ")}; p90 ${native.map((s) => `${s.metric.task} ${(s.value * 1000).toFixed(2)} ms`).join(", ")}`,
      );

      // Step-to-queryable through the push, as metrics-flow measures it through a scrape.
      const worker0 = status.trainers.find((t) => t.task === "worker-0");
      const delays: number[] = [];
      const series = 'training_steps_total{job="mnist_mlp",task="worker-0"}';
      for (let i = 0; i < 5 && worker0; i++) {
        const steps = await scrapeValue(worker0.url, series);
        if (steps === undefined) break;
        const seen = performance.now();
        await waitForQuery(stack.prometheusUrl, `${series} >= ${steps}`, (s) => s.length === 1, {
          timeoutMs: 10_000,
        });
        delays.push(performance.now() - seen);
      }
      delays.sort((a, b) => a - b);
      console.log(
        `step-to-queryable at a 1 s OTLP push, ${delays.length} samples: ${delays.map((d) => `${Math.round(d)} ms`).join(", ")}`,
      );

      // The early stop, as for a scraped trainer: Alertmanager → receiver → the trainer's
      // control port, found at the `instance` its pushes carry.
      const log = await waitFor(
        async () => {
          const text = await stack.trainerLog("worker-1");
          return /stopped \(TrainingStalled\)/.test(text) && text;
        },
        { what: "worker-1 to be stopped by TrainingStalled", timeoutMs: 120_000 },
      );
      console.log(
        `OTLP early stop: ${log.split("\n").find((l) => l.includes("stopped (TrainingStalled)"))}`,
      );
      const fired = await queryPrometheus(
        stack.prometheusUrl,
        'max_over_time(ALERTS{alertname="TrainingStalled",alertstate="firing",task="worker-1"}[10m])',
      );
      expect(fired.map((s) => s.metric.form)).toEqual(["no_progress"]);

      await waitForQuery(
        stack.prometheusUrl,
        "job_task:training_examples:rate",
        (s) => s.length > 0,
        {
          what: "the recording rules",
        },
      );
      const empty = await emptyQueries((expr) => countRangeSeries(stack.prometheusUrl, expr));
      console.log(
        `checked ${dashboardQueries().length} panel and annotation queries on pushed series; empty: ${describeEmpty(empty)}`,
      );
      // No panel needs a scrape: each one answers for pushed series as for scraped ones.
      expect(empty.filter((w) => !(w in legitimatelyEmpty))).toEqual([]);

      // A pushing trainer killed mid-run: no `up` goes to 0, its series do not go stale; the
      // push form of TrainingTargetDown sees its silence.
      const running = (await stack.trainers()).find((t) => t.task === "worker-0");
      const pid = status.trainers.find((t) => t.task === "worker-0")?.pid;
      expect(running?.running).toBe(true);
      process.kill(pid as number, "SIGKILL");
      const killedAt = performance.now();
      const down = await waitForQuery(
        stack.prometheusUrl,
        'ALERTS{alertname="TrainingTargetDown",alertstate="firing",task="worker-0"}',
        (s) => s.length === 1,
        { what: "TrainingTargetDown for the killed pushing trainer", timeoutMs: 60_000 },
      );
      console.log(
        `TrainingTargetDown (form ${down[0]?.metric.form}) fired ${((performance.now() - killedAt) / 1000).toFixed(1)} s after worker-0 was killed`,
      );
      expect(down[0]?.metric.form).toBe("push");
    },
    300_000,
  );
});
