import { waitFor } from "@trainwatch/cli-kit";
import { explainStallOnTimeout, queryPrometheus, waitForQuery } from "@trainwatch/harness";
import { describe, expect, it } from "vitest";
import { floorCase, runtimeCases } from "../runtime-cases.js";

interface PrometheusAlert {
  labels: Record<string, string>;
  state: string;
}

// Also on the system's binaries (Debian's Prometheus 2.42): the smoke run of the oldest release
// trainwatch supports, through scraping, rules, Alertmanager, the early-stop hook and the Pushgateway.
describe.each([...runtimeCases(), floorCase()])(
  "alert-driven early stop on the $runtime runtime ($binaries)",
  ({ runtime, skip, start, binaries }) => {
    it.skipIf(skip)(
      "stops a stalled trainer through TrainingStalled, pushes its reason, and leaves the healthy one running",
      async () => {
        await using stack = await start({
          alertTiming: "fast",
          faultTask: "worker-1",
          trainerArgs: [
            "--epochs",
            "500",
            "--train-size",
            "2000",
            "--validation-size",
            "200",
            "--fault-stall-after",
            "60",
          ],
        });
        const buildinfo = (await (
          await fetch(`${stack.prometheusUrl}/api/v1/status/buildinfo`)
        ).json()) as { data: { version: string } };
        expect(binaries, "the Prometheus this suite says it runs").toContain(
          buildinfo.data.version,
        );
        const lastStep = await explainStallOnTimeout(stack, "worker-1", () =>
          waitForQuery(
            stack.prometheusUrl,
            // Stalled: 59 steps or more, none in the last 3 s. Seen live, or afterwards when the
            // stop was quicker than this poll (the stopped trainer's series then end: `unless`
            // finds no recent change, and max_over_time keeps its last step's time).
            'max_over_time(training_last_step_timestamp_seconds{task="worker-1",instance!=""}[2m]) and on (job, task, instance) max_over_time(training_steps_total{task="worker-1",instance!=""}[2m]) >= 59 unless on (job, task, instance) changes(training_steps_total{task="worker-1",instance!=""}[3s]) > 0',
            (s) => s.length === 1,
            { what: "worker-1 to stall", timeoutMs: 90_000 },
          ),
        );
        const faultAt = (lastStep[0]?.value ?? 0) * 1000;
        // The address Prometheus scrapes worker-1 at (a container's is not the test's).
        const instance = lastStep[0]?.metric.instance ?? "";

        const firingAt = await explainStallOnTimeout(stack, "worker-1", () =>
          waitFor(
            async () => {
              const body = (await (await fetch(`${stack.prometheusUrl}/api/v1/alerts`)).json()) as {
                data: { alerts: PrometheusAlert[] };
              };
              const firing = body.data.alerts.some(
                (a) =>
                  a.labels.alertname === "TrainingStalled" &&
                  a.labels.task === "worker-1" &&
                  a.state === "firing",
              );
              // The stop ends the alert within a second: also accept a firing Prometheus recorded.
              const fired =
                firing ||
                (
                  await queryPrometheus(
                    stack.prometheusUrl,
                    'max_over_time(ALERTS{alertname="TrainingStalled",task="worker-1",alertstate="firing"}[2m])',
                  )
                ).length > 0;
              return fired && Date.now();
            },
            { what: "TrainingStalled to fire for worker-1", timeoutMs: 60_000, intervalMs: 100 },
          ),
        );
        const stoppedAt = await waitFor(
          async () => {
            const text = await (await fetch(`${stack.pushgatewayUrl}/metrics`)).text();
            const stopped =
              /^training_status\{instance="",job="mnist_mlp",state="stopped",task="worker-1"\} 1$/m.test(
                text,
              );
            return (
              stopped &&
              text.includes(
                'training_stop_info{instance="",job="mnist_mlp",reason="TrainingStalled",task="worker-1"} 1',
              ) &&
              Date.now()
            );
          },
          {
            what: "worker-1's stopped state, with its reason, in the Pushgateway",
            timeoutMs: 60_000,
            intervalMs: 100,
          },
        );
        const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
        console.log(
          `[${runtime}] fault (last step) → TrainingStalled firing: ${seconds(firingAt - faultAt)}; firing → stopped and pushed: ≤ ${seconds(Math.max(stoppedAt - firingAt, 100))}; fault → stopped: ${seconds(stoppedAt - faultAt)} (fast alert timing: stall after 4 s without a step, for 1 s)`,
        );
        expect(stoppedAt - faultAt).toBeLessThan(30_000);

        const trainers = await waitFor(
          async () => {
            const now = await stack.trainers();
            return !now.find((t) => t.task === "worker-1")?.running && now;
          },
          { what: "worker-1's process to end", timeoutMs: 20_000 },
        );
        expect(trainers.find((t) => t.task === "worker-0")?.running).toBe(true);
        const healthy = await queryPrometheus(
          stack.prometheusUrl,
          'training_status{task="worker-0",state="running",instance!=""} == 1',
        );
        expect(healthy).toHaveLength(1);
        expect(
          await queryPrometheus(stack.prometheusUrl, 'training_stop_info{task="worker-0"}'),
        ).toEqual([]);

        // A trainer that ended cleanly (final state pushed after its last step) is no crash: once
        // Prometheus has scraped that push from the Pushgateway, TrainingTargetDown must not fire,
        // even after its fast `for` (10 s) has passed since the target went down.
        await waitForQuery(
          stack.prometheusUrl,
          'training_status{task="worker-1",state="stopped",instance=""} == 1',
          (s) => s.length === 1,
          { what: "worker-1's pushed final state in Prometheus" },
        );
        await waitForQuery(
          stack.prometheusUrl,
          `max_over_time(up{job="trainers",instance="${instance}"}[12s]) == 0`,
          (s) => s.length === 1,
          { what: "worker-1's target to be down for 12 s", timeoutMs: 30_000 },
        );
        expect(
          await queryPrometheus(stack.prometheusUrl, 'ALERTS{alertname="TrainingTargetDown"}'),
        ).toEqual([]);
      },
      300_000,
    );
  },
);
