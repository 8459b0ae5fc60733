import { waitFor } from "@trainwatch/cli-kit";
import { queryPrometheus, scrapeValue, waitForQuery } from "@trainwatch/harness";
import { describe, expect, it } from "vitest";
import { runtimeCases } from "../runtime-cases.js";

const workers = ["worker-0", "worker-1"];

describe.each(runtimeCases())(
  "metrics flow on the $runtime runtime ($binaries)",
  ({ runtime, skip, start }) => {
    it.skipIf(skip)(
      "gets both workers' loss into Prometheus, their final state into the Pushgateway, and leaves nothing behind",
      async () => {
        const stack = await start({
          trainerArgs: [
            "--epochs",
            "45",
            "--train-size",
            "3000",
            "--validation-size",
            "500",
            "--linger",
            "2",
          ],
        });
        try {
          const trainers = await stack.trainers();
          expect(trainers.map((t) => `${t.job}/${t.task}`)).toEqual(
            workers.map((w) => `mnist_mlp/${w}`),
          );

          expect(stack.gpuSource).toBe("replay"); // no GPU on these machines
          const gpus = await waitForQuery(
            stack.prometheusUrl,
            'gpu_temperature_celsius{job="gpu"}',
            (s) => s.length > 0,
            {
              what: "GPU series from the stack's collector",
            },
          );
          expect(gpus.map((s) => s.metric.source)).toEqual(["replay"]);

          if (runtime === "containers") {
            // The replay gives its GPU to the trainers' processes; the collector (pid: host) reads
            // each one's cgroup, and the join by container_id finds the job: the panels that
            // need it (GPU utilization per job, energy per run) are no longer empty in compose.
            const assigned = await waitForQuery(
              stack.prometheusUrl,
              "last_over_time(job_task_gpu:training_gpu:assigned[5m])",
              (s) => s.length === 2,
              {
                what: "both workers joined to a replayed GPU by their container",
                timeoutMs: 60_000,
              },
            );
            const utilization = await waitForQuery(
              stack.prometheusUrl,
              'last_over_time(job:gpu_utilization:avg{job="mnist_mlp"}[5m])',
              (s) => s.length === 1,
              { what: "job:gpu_utilization:avg for mnist_mlp", timeoutMs: 30_000 },
            );
            const containers = await queryPrometheus(
              stack.prometheusUrl,
              'count by (container_id) (last_over_time(gpu_process_memory_used_bytes{container_id!=""}[5m])) * on (container_id) group_left (task) max by (container_id, task) (last_over_time(training_info{container_id!=""}[5m]))',
            );
            console.log(
              `[${runtime}] GPUs by job through the containers: ${assigned.map((s) => `${s.metric.task}→GPU ${s.metric.gpu}`).join(", ")}; job:gpu_utilization:avg{job="mnist_mlp"} ${utilization[0]?.value}; GPU processes in the trainers' containers: ${containers.map((s) => `${s.metric.task} ${s.metric.container_id?.slice(0, 12)}`).join(", ")}`,
            );
            expect(assigned.map((s) => s.metric.task).sort()).toEqual(workers);
            // The trace's one H100 idles (0) for its first 20 s, then is busy (1).
            expect(utilization[0]?.value).toBeGreaterThanOrEqual(0);
            expect(containers.map((s) => s.metric.task).sort()).toEqual(workers);
          }

          const losses = await waitForQuery(
            stack.prometheusUrl,
            'training_loss{job="mnist_mlp",phase="train"}',
            (s) => s.length === 2,
            { what: "a train loss series per worker" },
          );
          expect(losses.map((s) => s.metric.task).sort()).toEqual(workers);
          for (const sample of losses)
            expect(Number.isFinite(sample.value), `${sample.metric.task}: ${sample.value}`).toBe(
              true,
            );

          const examples = async () =>
            Object.fromEntries(
              (
                await queryPrometheus(
                  stack.prometheusUrl,
                  'training_examples_total{job="mnist_mlp"}',
                )
              ).map((s) => [s.metric.task, s.value]),
            );
          const first = await examples();
          const later = await waitFor(
            async () => {
              const now = await examples();
              return workers.every((w) => (now[w] ?? 0) > (first[w] ?? 0)) && now;
            },
            { what: "training_examples_total to grow for both workers", timeoutMs: 20_000 },
          );
          console.log(
            `[${runtime}] training_examples_total grew from ${JSON.stringify(first)} to ${JSON.stringify(later)}`,
          );

          // Step-to-queryable: a step count seen on the trainer's /metrics, until Prometheus returns it
          // (sampled while the trainer still runs).
          const trainer = trainers[0] as (typeof trainers)[number];
          const series = `training_steps_total{job="mnist_mlp",task="${trainer.task}"}`;
          const delays: number[] = [];
          for (let i = 0; i < 5; i++) {
            const steps = await scrapeValue(trainer.url, series);
            if (steps === undefined) break;
            const seen = performance.now();
            await waitForQuery(
              stack.prometheusUrl,
              `${series} >= ${steps}`,
              (s) => s.length === 1,
              {
                timeoutMs: 10_000,
              },
            );
            delays.push(performance.now() - seen);
          }
          delays.sort((a, b) => a - b);
          console.log(
            `[${runtime}] step-to-queryable at a 1 s scrape interval, ${delays.length} samples: ${delays.map((d) => `${Math.round(d)} ms`).join(", ")}`,
          );
          expect(delays.length).toBeGreaterThan(0);

          await waitFor(async () => (await stack.trainers()).every((t) => !t.running), {
            what: "both trainers to finish",
            timeoutMs: 240_000,
            intervalMs: 500,
          });
          for (const worker of workers) {
            const summary = (await stack.trainerLog(worker))
              .split("\n")
              .find((l) => l.includes("completed on"));
            console.log(`[${runtime}] ${summary}`);
            expect(summary).toMatch(
              /completed on \w+: \d+ steps, \d+ examples, \d+ examples\/s; final state pushed/,
            );
          }
          const pushed = await (await fetch(`${stack.pushgatewayUrl}/metrics`)).text();
          for (const worker of workers) {
            expect(pushed).toMatch(
              new RegExp(
                `^training_status\\{instance="",job="mnist_mlp",state="completed",task="${worker}"\\} 1$`,
                "m",
              ),
            );
          }
          await waitForQuery(
            stack.prometheusUrl,
            'training_status{state="completed"} == 1',
            (s) => s.length >= 2,
            {
              what: "Prometheus to see both completed states (from the Pushgateway)",
            },
          );
        } finally {
          await stack.stop();
        }
        expect(await stack.leftovers()).toEqual([]);
      },
      420_000,
    );
  },
);
