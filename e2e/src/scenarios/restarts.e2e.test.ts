import { readFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import {
  killProcess,
  queryPrometheus,
  readEnviron,
  relaunch,
  startNativeStack,
  waitForQuery,
} from "@trainwatch/harness";
import { describe, expect, inject, it } from "vitest";
import "../containers-context.js";

const nativeSkip = inject("nativeSkip");
const seconds = () => Math.floor(Date.now() / 1000);

/** Two workers, fast alerts, no GPU collector; `fault` (trainer flags) given to worker-1 alone. */
const startWithFault = (fault: readonly string[]) =>
  startNativeStack({
    alertTiming: "fast",
    faultTask: "worker-1",
    upArgs: ["--gpu", "none"],
    trainerArgs: ["--epochs", "500", "--train-size", "2000", "--validation-size", "200", ...fault],
  });

/** One instant query at `time` (Unix seconds): its first sample's value, NaN if none. */
const valueAt = async (prometheusUrl: string, query: string, time: number) =>
  (await queryPrometheus(prometheusUrl, query, { time }))[0]?.value ?? Number.NaN;

describe.skipIf(nativeSkip)(
  `restarts, with the real binaries (${inject("nativeBinaries")})`,
  () => {
    it("keeps every sample the WAL held over a Prometheus restart (SIGTERM), raises no false alert, and fires the firing ones again", async () => {
      // worker-1 waits on its input (injected): TrainingInputBound fires and stays firing.
      await using stack = await startWithFault(["--fault-slow-input", "0.05"]);
      const started = seconds();
      const firing = 'ALERTS{alertname=~"TrainingInputBound|Watchdog",alertstate="firing"}';
      await waitForQuery(stack.prometheusUrl, firing, (s) => s.length === 2, {
        what: "TrainingInputBound (worker-1) and Watchdog to fire",
        timeoutMs: 120_000,
      });
      // 30 s of worker-0's samples, counted before and after the restart.
      const held = 'count_over_time(training_steps_total{task="worker-0"}[30s])';
      await waitForQuery(stack.prometheusUrl, `${held} >= 25`, (s) => s.length === 1, {
        what: "30 s of worker-0's samples",
        timeoutMs: 60_000,
      });
      const at = seconds() - 1;
      const before = await valueAt(stack.prometheusUrl, held, at);

      const status = await stack.status();
      const stoppedAt = performance.now();
      const argv = await killProcess(status.services.prometheus.pid, "SIGTERM");
      const downMs = performance.now() - stoppedAt;
      await using prometheus = relaunch(argv, join(stack.dir, "prometheus.log"));
      expect(prometheus.pid).toBeGreaterThan(0);
      const restarted = performance.now();
      await waitForQuery(
        stack.prometheusUrl,
        "training_steps_total and (time() - timestamp(training_steps_total)) < 2",
        (s) => s.length === 2,
        { what: "the restarted Prometheus to scrape both trainers", timeoutMs: 60_000 },
      );
      const after = await valueAt(stack.prometheusUrl, held, at);
      await waitForQuery(stack.prometheusUrl, firing, (s) => s.length === 2, {
        what: "TrainingInputBound and Watchdog to fire again",
        timeoutMs: 60_000,
      });
      const refiredMs = performance.now() - restarted;
      // Long enough for a stall judged on the last sample before the restart to have fired.
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      const falseAlerts = await queryPrometheus(
        stack.prometheusUrl,
        `count_over_time(ALERTS{alertname=~"TrainingTargetDown|TrainingStalled"}[${seconds() - started + 5}s])`,
      );
      console.log(
        `[restarts] Prometheus SIGTERM: stopped in ${downMs.toFixed(0)} ms; worker-0's samples in the 30 s before ${new Date(at * 1000).toISOString()}: ${before} before, ${after} after the restart; TrainingInputBound and Watchdog firing again ${(refiredMs / 1000).toFixed(1)} s after it started; TrainingTargetDown/TrainingStalled: ${falseAlerts.length === 0 ? "never pending or firing" : JSON.stringify(falseAlerts.map((a) => a.metric))}`,
      );
      expect(before).toBeGreaterThanOrEqual(20);
      expect(after).toBe(before);
      expect(falseAlerts).toEqual([]);
    });

    it("stops a run exactly once when the alert receiver restarts while TrainingStalled fires", async () => {
      await using stack = await startWithFault(["--fault-stall-after", "400"]);
      const status = await stack.status();
      const receiverPid = status.services.alertReceiver.pid;
      const env = readEnviron(receiverPid);
      const argv = await killProcess(receiverPid, "SIGTERM");
      await waitForQuery(
        stack.prometheusUrl,
        'ALERTS{alertname="TrainingStalled",task="worker-1",alertstate="firing"}',
        (s) => s.length === 1,
        {
          what: "TrainingStalled to fire for worker-1 while the receiver is down",
          timeoutMs: 120_000,
        },
      );
      // Alertmanager has tried the receiver and failed: the stop now waits on its retries.
      const failed = await waitFor(
        async () => {
          const text = await (await fetch(`${stack.alertmanagerUrl}/metrics`)).text();
          const n = text
            .split("\n")
            .filter((l) =>
              /^alertmanager_notification_requests_failed_total\{[^}]*integration="webhook"/.test(
                l,
              ),
            )
            .reduce((sum, l) => sum + Number(l.split(" ").at(-1)), 0);
          return n > 0 && n;
        },
        { what: "Alertmanager to fail to reach the stopped receiver", timeoutMs: 60_000 },
      );
      const relaunchedAt = performance.now();
      await using receiver = relaunch(argv, join(stack.dir, "alert-receiver.log"), env);
      expect(receiver.pid).toBeGreaterThan(0);
      const log = await waitFor(
        async () => {
          const text = await stack.trainerLog("worker-1");
          return /stopped \(TrainingStalled\)/.test(text) && text;
        },
        { what: "worker-1 to be stopped once the receiver is back", timeoutMs: 120_000 },
      );
      const stoppedAfterMs = performance.now() - relaunchedAt;
      // Alertmanager repeats while the alert is unresolved; every repeat must find it stopped.
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      const final = await stack.trainerLog("worker-1");
      const stops = final
        .split("\n")
        .filter((l) => /^\S*.*\] (stopped|completed|failed) \(/.test(l));
      const receiverLog = readFileSync(join(stack.dir, "alert-receiver.log"), "utf8");
      const requested = receiverLog
        .split("\n")
        .filter((l) => l.includes("TrainingStalled mnist_mlp/worker-1"));
      console.log(
        `[restarts] receiver restarted while TrainingStalled fired (${failed} failed webhook requests meanwhile): worker-1 stopped ${(stoppedAfterMs / 1000).toFixed(1)} s after the restart; its run ended ${stops.length} time(s); the receiver's decisions: ${requested.map((l) => l.replace(/^.*worker-1: /, "")).join(", ")}`,
      );
      expect(log).toMatch(/stopped \(TrainingStalled\)/);
      expect(stops).toHaveLength(1);
      const pushed = await (await fetch(`${stack.pushgatewayUrl}/metrics`)).text();
      expect(pushed).toContain(
        'training_stop_info{instance="",job="mnist_mlp",reason="TrainingStalled",task="worker-1"} 1',
      );
      expect((await stack.trainers()).find((t) => t.task === "worker-0")?.running).toBe(true);
    });
  },
);
