import { waitFor } from "@trainwatch/cli-kit";
import { queryPrometheus, startContainerStack } from "@trainwatch/harness";
import { describe, expect, inject, it } from "vitest";
import "../containers-context.js";

const containers = inject("containers");

describe.skipIf(containers.skip !== undefined)(
  `the compose demo, as \`docker compose up\` runs it (${containers.skip === undefined ? containers.binaries : "not run"})`,
  () => {
    it("tells the demo's story: worker-1 stopped early by TrainingNoImprovement, its next run stalled and stopped by TrainingStalled, the replayed GPU given to the trainers", async () => {
      if (containers.skip !== undefined) throw new Error(containers.skip);
      const started = performance.now();
      await using stack = await startContainerStack({
        images: containers.images,
        compose: containers.compose,
        demo: true,
      });
      const up = performance.now();
      const reasons = async () =>
        (
          await queryPrometheus(
            stack.prometheusUrl,
            'max by (reason) (max_over_time(training_stop_info{task="worker-1"}[10m]))',
          )
        ).map((s) => s.metric.reason);
      const seenAt: Record<string, number> = {};
      await waitFor(
        async () => {
          for (const reason of await reasons())
            seenAt[reason as string] ??= (performance.now() - up) / 1000;
          return "TrainingNoImprovement" in seenAt && "TrainingStalled" in seenAt;
        },
        {
          what: `worker-1's early stop and stall stop (seen: ${JSON.stringify(seenAt)})`,
          timeoutMs: 300_000,
          intervalMs: 2000,
        },
      );
      const runs = await queryPrometheus(
        stack.prometheusUrl,
        'count by (task) (max by (task, run_id) (max_over_time(training_info{job="mnist_mlp"}[10m])))',
      );
      const joined = await queryPrometheus(
        stack.prometheusUrl,
        "max_over_time(job_task_gpu:training_gpu:assigned[10m])",
      );
      console.log(
        `[compose demo] up after ${((up - started) / 1000).toFixed(1)} s; then worker-1 stopped by ${Object.entries(
          seenAt,
        )
          .map(([reason, s]) => `${reason} after ${s.toFixed(0)} s`)
          .join(
            ", ",
          )}; runs per worker ${JSON.stringify(Object.fromEntries(runs.map((r) => [r.metric.task, r.value])))}; GPU joined to ${joined.map((j) => j.metric.task).join(", ")}`,
      );
      expect(runs.find((r) => r.metric.task === "worker-1")?.value).toBeGreaterThanOrEqual(2);
      expect(joined.map((j) => j.metric.task).sort()).toEqual(["worker-0", "worker-1"]);
    }, 480_000);
  },
);
