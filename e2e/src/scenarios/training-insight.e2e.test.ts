import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import { queryPrometheus, queryRange, waitForQuery } from "@trainwatch/harness";
import { describe, expect, it } from "vitest";
import { dashboardQueries } from "../dashboard-queries.js";
import { runtimeCases } from "../runtime-cases.js";

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;

/** A cost configuration that prices the replayed H100 at $3.60 an hour on a 400 g/kWh grid. */
function pricedCostConfig(): string {
  const file = join(mkdtempSync(join(tmpdir(), "trainwatch-cost-")), "cost.yml");
  writeFileSync(file, 'gpuHourDollars:\n  "NVIDIA H100 80GB HBM3": 3.6\ngridGramsPerKwh: 400\n');
  return file;
}

/** Which workers an alert fired for within the last `window`. */
async function firedFor(url: string, alert: string, window = "10m"): Promise<string[]> {
  const series = await queryPrometheus(
    url,
    `max by (task) (max_over_time(ALERTS{alertname="${alert}",alertstate="firing"}[${window}]))`,
  );
  return series.map((s) => s.metric.task ?? "").sort();
}

describe.each(runtimeCases())(
  "training insight on the $runtime runtime ($binaries)",
  ({ runtime, skip, start }) => {
    it.skipIf(skip)(
      "names the worker made slow in TrainingStraggler, and only it, while it keeps training",
      async () => {
        await using stack = await start({
          alertTiming: "fast",
          faultTask: "worker-1",
          trainerArgs: [
            ...["--epochs", "500", "--train-size", "2000", "--validation-size", "200"],
            ...["--fault-slow-after", "30", "--fault-slow-factor", "8"],
          ],
        });
        const firing = await waitForQuery(
          stack.prometheusUrl,
          'ALERTS{alertname="TrainingStraggler",alertstate="firing"}',
          (s) => s.length > 0,
          { what: "TrainingStraggler to fire", timeoutMs: 120_000 },
        );
        expect(firing.map((a) => `${a.metric.job}/${a.metric.task}`)).toEqual([
          "mnist_mlp/worker-1",
        ]);
        expect((await stack.trainers()).map((t) => [t.task, t.running])).toEqual([
          ["worker-0", true],
          ["worker-1", true],
        ]);

        const medians = await queryPrometheus(
          stack.prometheusUrl,
          "job_task:training_step_duration_seconds:p50",
        );
        const shares = await queryPrometheus(
          stack.prometheusUrl,
          'job_task:training_phase:ratio{task="worker-0"}',
        );
        const flops = await queryPrometheus(
          stack.prometheusUrl,
          'job_task:training_flops:rate{task="worker-0"}',
        );
        const eta = await queryPrometheus(
          stack.prometheusUrl,
          'job_task:training_eta:seconds{task="worker-0"}',
        );
        console.log(
          `[${runtime}] median step: ${medians.map((m) => `${m.metric.task} ${(m.value * 1000).toFixed(1)} ms`).join(", ")}; worker-0's time: ${shares.map((s) => `${s.metric.phase} ${percent(s.value)}`).join(", ")}; ${((flops[0]?.value ?? 0) / 1e9).toFixed(2)} GFLOP/s; ETA ${Math.round(eta[0]?.value ?? Number.NaN)} s`,
        );
        expect(shares.map((s) => s.metric.phase).sort()).toEqual([
          "checkpoint",
          "compute",
          "input",
          "validation",
        ]);
        expect(shares.reduce((sum, s) => sum + s.value, 0)).toBeCloseTo(1, 6);
        expect(flops[0]?.value).toBeGreaterThan(0);
        expect(
          await queryPrometheus(
            stack.prometheusUrl,
            'max_over_time(ALERTS{alertname="TrainingStraggler",task="worker-0"}[5m])',
          ),
        ).toEqual([]);
      },
      300_000,
    );

    it.skipIf(skip)(
      "names the input-starved worker (TrainingInputBound, its badput) and its loss spike (TrainingLossSpike), and prices both workers' runs",
      async () => {
        // worker-1 waits 50 ms for every batch, and from step 600 (at least 30 s in, the fast
        // profile's window) gets 10 s of batches with shuffled labels.
        await using stack = await start({
          alertTiming: "fast",
          faultTask: "worker-1",
          costConfig: pricedCostConfig(),
          trainerArgs: [
            ...["--epochs", "500", "--train-size", "2000", "--validation-size", "200"],
            ...["--fault-slow-input", "0.05"],
            ...["--fault-loss-spike-after", "600", "--fault-loss-spike-seconds", "10"],
          ],
        });
        const url = stack.prometheusUrl;
        await waitForQuery(
          url,
          'ALERTS{alertname="TrainingInputBound",alertstate="firing"}',
          (s) => s.length > 0,
          { what: "TrainingInputBound to fire", timeoutMs: 120_000 },
        );
        const badput = await queryPrometheus(url, "job_task:training_badput_seconds:total");
        const goodput = await queryPrometheus(url, "job_task:training_goodput:ratio");
        const shares = await queryPrometheus(url, 'job_task:training_phase:ratio{phase="input"}');
        console.log(
          `[${runtime}] input share: ${shares.map((s) => `${s.metric.task} ${percent(s.value)}`).join(", ")}; goodput since start: ${goodput.map((g) => `${g.metric.task} ${percent(g.value)}`).join(", ")}; badput: ${badput.map((b) => `${b.metric.task} ${b.metric.cause} ${b.value.toFixed(1)} s`).join(", ")}`,
        );
        const inputBadput = (task: string) =>
          badput.find((b) => b.metric.task === task && b.metric.cause === "input")?.value ?? 0;
        const goodputOf = (task: string) => goodput.find((g) => g.metric.task === task)?.value;
        expect(inputBadput("worker-1")).toBeGreaterThan(inputBadput("worker-0"));
        expect(goodputOf("worker-1")).toBeLessThan(goodputOf("worker-0") ?? 0);
        expect(await firedFor(url, "TrainingInputBound")).toEqual(["worker-1"]);

        await waitForQuery(
          url,
          'max_over_time(ALERTS{alertname="TrainingLossSpike",alertstate="firing"}[10m])',
          (s) => s.length > 0,
          { what: "TrainingLossSpike to fire", timeoutMs: 120_000 },
        );
        const [peak] = await queryPrometheus(
          url,
          'max_over_time(training_loss{task="worker-1",phase="train",instance!=""}[2m])',
        );
        const [update] = await queryPrometheus(
          url,
          'max_over_time(training_update_norm{task="worker-1",instance!=""}[2m]) / quantile_over_time(0.5, training_update_norm{task="worker-1",instance!=""}[2m])',
        );
        console.log(
          `[${runtime}] worker-1's loss spike: train loss up to ${peak?.value.toFixed(2)}; update norm up to ${update?.value.toFixed(1)}× its median`,
        );
        expect(await firedFor(url, "TrainingLossSpike")).toEqual(["worker-1"]);

        // Run comparison's "Cost and carbon" table, as the dashboard queries it.
        const table = dashboardQueries().filter((q) =>
          q.where.startsWith("trainwatch-run-comparison / Cost and carbon /"),
        );
        const [cost, carbon] = await Promise.all(
          table.slice(0, 2).map(({ expr, where }) =>
            waitForQuery(url, expr, (s) => s.length === 2 && s.every((x) => x.value > 0), {
              what: `${where} for both workers`,
              timeoutMs: 120_000,
            }),
          ),
        );
        console.log(
          `[${runtime}] cost: ${cost?.map((c) => `${c.metric.task} $${c.value.toFixed(4)}`).join(", ")}; carbon: ${carbon?.map((c) => `${c.metric.task} ${c.value.toFixed(3)} g CO2e`).join(", ")}`,
        );
        expect(cost?.map((c) => c.metric.task).sort()).toEqual(["worker-0", "worker-1"]);
        expect(carbon?.map((c) => c.metric.task).sort()).toEqual(["worker-0", "worker-1"]);
      },
      300_000,
    );

    it.skipIf(skip)(
      "stops a run that stopped improving through TrainingNoImprovement, and pushes the reason",
      async () => {
        // A small training set over-fits within a few epochs: validation loss then only rises.
        // Heavier batches (0.25 s each) make an epoch last about 2 s, so Prometheus, up before
        // the best epoch (about the 4th), scrapes each one.
        await using stack = await start({
          alertTiming: "fast",
          trainerArgs: [
            ...["--epochs", "1000", "--train-size", "256", "--validation-size", "500"],
            ...["--batch-size", "32", "--early-stop-patience", "2", "--fault-slow-batch", "0.25"],
          ],
        });
        // worker-1 learns at 0.01, over-fits first (best at epoch 4 with seed 42)
        const stoppedAt = await waitFor(
          async () => {
            const text = await (await fetch(`${stack.pushgatewayUrl}/metrics`)).text();
            return (
              text.includes(
                'training_stop_info{instance="",job="mnist_mlp",reason="TrainingNoImprovement",task="worker-1"} 1',
              ) &&
              /^training_status\{instance="",job="mnist_mlp",state="stopped",task="worker-1"\} 1$/m.test(
                text,
              ) &&
              Date.now() / 1000
            );
          },
          {
            what: "worker-1 stopped with reason TrainingNoImprovement in the Pushgateway",
            timeoutMs: 120_000,
            intervalMs: 100,
          },
        );
        // When the last improvement was scraped: the first point with the final best loss.
        const range = { start: stoppedAt - 120, end: stoppedAt, step: 0.25 };
        const [bestSeries] = await queryRange(
          stack.prometheusUrl,
          'training_validation_loss_best{task="worker-1",instance!=""}',
          range,
        );
        const [sinceSeries] = await queryRange(
          stack.prometheusUrl,
          'training_epochs_since_improvement{task="worker-1",instance!=""}',
          range,
        );
        const best = bestSeries?.points ?? [];
        const finalBest = best.at(-1)?.[1];
        const improvedAt = best.find(([, v]) => v === finalBest)?.[0] ?? Number.NaN;
        const since = sinceSeries?.points ?? [];
        console.log(
          `[${runtime}] worker-1's epochs since improvement, every 0.25 s: ${since.map(([, v]) => v).join(" ")}`,
        );
        const patienceAt = since.find(([t, v]) => t > improvedAt && v >= 2)?.[0] ?? Number.NaN;
        console.log(
          `[${runtime}] worker-1: last improvement scraped → patience (2 epochs) scraped: ${(patienceAt - improvedAt).toFixed(1)} s; → stopped and pushed: ${(stoppedAt - patienceAt).toFixed(1)} s; last improvement → stop: ${(stoppedAt - improvedAt).toFixed(1)} s; best validation loss ${finalBest?.toFixed(4)}`,
        );
        expect(
          Number.isFinite(patienceAt - improvedAt),
          "an improvement, then patience reached",
        ).toBe(true);
        expect(stoppedAt - improvedAt).toBeLessThan(30);
        expect(finalBest).toBeGreaterThan(0);
      },
      300_000,
    );
  },
);
