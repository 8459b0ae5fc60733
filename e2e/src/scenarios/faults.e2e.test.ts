import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import {
  explainStallOnTimeout,
  killProcess,
  type NativeStack,
  queryPrometheus,
  relaunch,
  scrapeValue,
  startNativeStack,
  trainwatch,
  waitForQuery,
} from "@trainwatch/harness";
import { startPushgateway } from "@trainwatch/native-services";
import { execa } from "execa";
import getPort from "get-port";
import { describe, expect, inject, it } from "vitest";
import "../containers-context.js";

const require = createRequire(import.meta.url);
const trainerCli = require.resolve("@trainwatch/trainer/cli");
const fakeNvidiaSmi = require.resolve("@trainwatch/gpu-collector/fake-nvidia-smi");
const { defaultFixturesDir } = await import("@trainwatch/gpu-collector");

const series = (name: string, task = "worker-0") => `${name}{job="mnist_mlp",task="${task}"}`;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ??
  NaN;
const pushgatewayHas = async (url: string, line: string) =>
  (await (await fetch(`${url}/metrics`)).text()).split("\n").includes(line);
const controlToken = (stack: NativeStack) =>
  readFileSync(join(stack.dir, "secrets", "control-token"), "utf8");

/** Starts a trainer CLI outside a stack; resolves its metrics URL once it reports steps. */
async function startTrainer(args: readonly string[], env: Record<string, string> = {}) {
  const port = await getPort();
  const child = execa(
    "node",
    [trainerCli, "--metrics-port", String(port), "--progress", "lines", ...args],
    {
      all: true,
      reject: false,
      env,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => ((await scrapeValue(url, series("training_steps_total"))) ?? 0) > 0, {
    what: "the trainer to report steps",
    timeoutMs: 60_000,
  });
  return { child, url };
}

const nativeSkip = inject("nativeSkip");

describe.skipIf(nativeSkip)(`faults, with the real binaries (${inject("nativeBinaries")})`, () => {
  it("keeps answering /metrics, up and stop requests while every batch blocks the training thread for 5 s", async () => {
    // Production timing: fast timing calls 4 s without a step a stall, and stops the run (the
    // plateau form of TrainingStalled may be pending at the first samples: `for` is 10m). No GPU
    // collector: on 2 cores, one spent by the blocking batches, the rest is shared by all.
    await using stack = await startNativeStack({
      upArgs: ["--workers", "1", "--gpu", "none"],
      trainerArgs: [
        ...["--epochs", "100", "--train-size", "2000", "--validation-size", "100"],
        ...["--fault-slow-batch", "5"],
      ],
    });
    const [trainer] = (await stack.status()).trainers;
    if (!trainer) throw new Error("no trainer");
    await waitFor(
      async () => ((await scrapeValue(trainer.url, series("training_steps_total"))) ?? 0) > 0,
      {
        what: "the first step",
        timeoutMs: 60_000,
      },
    );
    // 60 s of 5 s batches, scraped as Prometheus does and as often as a person might.
    const latencies: number[] = [];
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      const started = performance.now();
      const response = await fetch(`${trainer.url}/metrics`);
      await response.text();
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const [p50, p99] = [percentile(latencies, 0.5), percentile(latencies, 0.99)];
    const [up] = await queryPrometheus(
      stack.prometheusUrl,
      'min_over_time(up{job="trainers"}[60s])',
    );
    const [scrapes] = await queryPrometheus(
      stack.prometheusUrl,
      'count_over_time(up{job="trainers"}[60s])',
    );
    const [blocked] = await queryPrometheus(
      stack.prometheusUrl,
      "max_over_time(training_event_loop_delay_max_seconds[60s])",
    );
    const targetDown = await queryPrometheus(
      stack.prometheusUrl,
      // Pending counts too: its expression (a running trainer's up == 0) never held.
      'count_over_time(ALERTS{alertname="TrainingTargetDown"}[70s])',
    );
    console.log(
      `[faults] 5 s batches: /metrics p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms over ${latencies.length} scrapes; up min ${up?.value} over ${scrapes?.value} Prometheus scrapes in 60 s; longest block seen ${blocked?.value} s; TrainingTargetDown ${targetDown.length === 0 ? "never pending" : "PENDING OR FIRING"}`,
    );
    // What is asserted is that no scrape waits for a batch (5 s), not how fast a busy machine
    // answers: CI's p99 ran from 15 to 23 ms; a blocked thread answers in seconds.
    expect(p99).toBeLessThan(250);
    expect(Math.max(...latencies)).toBeLessThan(2_500);
    expect(up?.value).toBe(1);
    expect(scrapes?.value).toBeGreaterThanOrEqual(55);
    expect(blocked?.value).toBeGreaterThanOrEqual(4.5);
    expect(targetDown).toEqual([]);

    const stepsAsked = (await scrapeValue(trainer.url, series("training_steps_total"))) ?? NaN;
    const asked = performance.now();
    const response = await fetch(`${trainer.url}/control/stop`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${controlToken(stack)}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ reason: "OperatorStop" }),
    });
    const answeredMs = performance.now() - asked;
    // Read again once answered: a batch may have ended between the read above and the request's
    // arrival, and the batch under way is the one the stop must not outlast.
    const stepsAnswered = (await scrapeValue(trainer.url, series("training_steps_total"))) ?? NaN;
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ state: "stopping" });
    await waitFor(
      () =>
        pushgatewayHas(
          stack.pushgatewayUrl,
          'training_status{instance="",job="mnist_mlp",state="stopped",task="worker-0"} 1',
        ),
      { what: "the stopped state in the Pushgateway", timeoutMs: 30_000, intervalMs: 100 },
    );
    const stoppedMs = performance.now() - asked;
    const pushed = (await (await fetch(`${stack.pushgatewayUrl}/metrics`)).text()).match(
      /^training_steps_total\{.*task="worker-0"\} (\d+)$/m,
    );
    const stepsFinal = Number(pushed?.[1]);
    console.log(
      `[faults] stop request answered in ${answeredMs.toFixed(1)} ms; stopped and pushed ${(stoppedMs / 1000).toFixed(1)} s later, after ${stepsFinal - stepsAnswered} more step(s) (${stepsFinal - stepsAsked} since the read before asking)`,
    );
    expect(answeredMs).toBeLessThan(1000);
    expect(stepsFinal - stepsAnswered).toBeLessThanOrEqual(1); // after the batch under way, no later
  });

  it("spools the final state while the Pushgateway is down and delivers it with `trainwatch flush`", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-faults-spool-"));
    const spoolDir = join(dir, "spool");
    const pushgatewayPort = await getPort();
    const { child, url } = await startTrainer([
      ...[
        "--epochs",
        "500",
        "--train-size",
        "1000",
        "--validation-size",
        "100",
        "--run-id",
        "spooled1",
      ],
      ...[
        "--pushgateway-url",
        `http://127.0.0.1:${pushgatewayPort}`,
        "--spool-dir",
        spoolDir,
        "--linger",
        "0",
      ],
    ]);
    expect(url).toMatch(/^http/);
    child.kill("SIGTERM");
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(result.all).toMatch(
      /final push FAILED; kept in .*spooled1\.json for `trainwatch flush`/,
    );
    expect(readdirSync(spoolDir)).toHaveLength(1);

    await using pushgateway = await startPushgateway({ dir, port: pushgatewayPort });
    const flushed = await trainwatch(["flush", "--dir", spoolDir]);
    console.log(`[faults] ${flushed.trim()}`);
    expect(flushed).toContain("1 delivered");
    expect(readdirSync(spoolDir).filter((f) => f.endsWith(".json"))).toEqual([]);
    const text = await (await fetch(`${pushgateway.url}/metrics`)).text();
    expect(text).toContain(
      'training_status{instance="",job="mnist_mlp",state="stopped",task="worker-0"} 1',
    );
    expect(text).toContain(
      'training_stop_info{instance="",job="mnist_mlp",reason="SIGTERM",task="worker-0"} 1',
    );
    expect(text).toMatch(/^training_info\{.*run_id="spooled1".*\} 1$/m);
  });

  it("trains on while Prometheus is killed and restarted, and keeps the Pushgateway's final states over its restart", async () => {
    await using stack = await startNativeStack({
      upArgs: ["--workers", "1"],
      trainerArgs: ["--epochs", "500", "--train-size", "2000", "--validation-size", "100"],
    });
    const status = await stack.status();
    const [trainer] = status.trainers;
    if (!trainer) throw new Error("no trainer");
    // Training progress per CPU second of the trainer's process, both read from one scrape: what
    // Prometheus' absence could change is the trainer's own work per example, while examples per
    // wall second also move with whatever else the machine runs (in CI, Prometheus' own CPU
    // coming back or not moved them 24 % in 6 s).
    const progress = async () => {
      const text = await (await fetch(`${trainer.url}/metrics`)).text();
      const value = (name: string) =>
        Number(
          text
            .split("\n")
            .find((l) => l.startsWith(name))
            ?.split(" ")
            .at(-1) ?? NaN,
        );
      return {
        examples: value(series("training_examples_total")),
        cpu: value("process_cpu_seconds_total"),
      };
    };
    const rate = async (seconds: number) => {
      const before = await progress();
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      const after = await progress();
      return (after.examples - before.examples) / (after.cpu - before.cpu);
    };
    await waitFor(async () => (await progress()).examples > 0, {
      what: "the first examples",
      timeoutMs: 60_000,
    });
    const [first, second] = [await rate(6), await rate(6)];
    const stepsBefore =
      (await queryPrometheus(stack.prometheusUrl, "training_steps_total"))[0]?.value ?? NaN;

    const argv = await killProcess(status.services.prometheus.pid, "SIGKILL");
    const during = await rate(6);
    await using prometheus = relaunch(argv, join(stack.dir, "prometheus.log"));
    expect(prometheus.pid).toBeGreaterThan(0);
    const [after] = await waitForQuery(
      stack.prometheusUrl,
      "training_steps_total and (time() - timestamp(training_steps_total)) < 3",
      (s) => s.length === 1,
      { what: "Prometheus, restarted, to scrape the trainer again", timeoutMs: 60_000 },
    );
    const [resets] = await queryPrometheus(stack.prometheusUrl, "resets(training_steps_total[5m])");
    const noise = Math.abs(1 - second / first);
    const change = Math.abs(1 - during / second);
    console.log(
      `[faults] Prometheus killed: examples per CPU second ${first.toFixed(0)}, ${second.toFixed(0)} before (noise ${(noise * 100).toFixed(1)} %), ${during.toFixed(0)} while it was down (${(change * 100).toFixed(1)} % off); steps ${stepsBefore} before, ${after?.value} after its restart, ${resets?.value} counter resets`,
    );
    expect(change).toBeLessThanOrEqual(Math.max(3 * noise, 0.2));
    expect(after?.value).toBeGreaterThan(stepsBefore);
    expect(resets?.value).toBe(0);

    await fetch(`${trainer.url}/control/stop`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${controlToken(stack)}`,
        "content-type": "application/json",
      },
      body: "{}",
    });
    const stopped =
      'training_status{instance="",job="mnist_mlp",state="stopped",task="worker-0"} 1';
    await waitFor(() => pushgatewayHas(stack.pushgatewayUrl, stopped), {
      what: "the final state in the Pushgateway",
      timeoutMs: 30_000,
    });
    const pushgatewayArgv = await killProcess(status.services.pushgateway.pid, "SIGTERM");
    await using pushgateway = relaunch(pushgatewayArgv, join(stack.dir, "pushgateway.log"));
    expect(pushgateway.pid).toBeGreaterThan(0);
    await waitFor(() => pushgatewayHas(stack.pushgatewayUrl, stopped).catch(() => false), {
      what: "the restarted Pushgateway to serve the persisted final state",
      timeoutMs: 30_000,
    });
    console.log(
      "[faults] Pushgateway restarted: the final state persisted before the restart is served",
    );
    await stack.stop(); // trainers first, while this Prometheus still scrapes them
  });

  it("stops the stalled trainer once Alertmanager is back, and shrugs off bad notifications", async () => {
    // Late enough (~45 s of training at the tf.data pipeline's ~90 steps/s) that Alertmanager is
    // gone before the stall: at 40 steps it could stall, fire and be stopped before `up`
    // returned, and 800 steps were reached by the time it had.
    const stallAt = 4000;
    await using stack = await startNativeStack({
      alertTiming: "fast",
      faultTask: "worker-1",
      trainerArgs: [
        ...["--epochs", "500", "--train-size", "2000", "--validation-size", "200"],
        ...["--fault-stall-after", String(stallAt)],
      ],
    });
    const status = await stack.status();
    const alertmanagerArgv = await killProcess(status.services.alertmanager.pid, "SIGKILL");
    const stepsAtKill = await scrapeValue(
      status.trainers.find((t) => t.task === "worker-1")?.url ?? "",
      series("training_steps_total", "worker-1"),
    );
    expect(
      stepsAtKill,
      `worker-1's steps when Alertmanager was killed (stall at ${stallAt})`,
    ).toBeLessThan(stallAt - 1);
    await explainStallOnTimeout(stack, "worker-1", () =>
      waitForQuery(
        stack.prometheusUrl,
        'ALERTS{alertname="TrainingStalled",task="worker-1",alertstate="firing"}',
        (s) => s.length === 1,
        { what: "TrainingStalled to fire for worker-1", timeoutMs: 150_000 },
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const stopped =
      'training_status{instance="",job="mnist_mlp",state="stopped",task="worker-1"} 1';
    expect(await pushgatewayHas(stack.pushgatewayUrl, stopped)).toBe(false); // nobody told the receiver
    const back = performance.now();
    await using alertmanager = relaunch(alertmanagerArgv, join(stack.dir, "alertmanager.log"));
    expect(alertmanager.pid).toBeGreaterThan(0);
    await waitFor(() => pushgatewayHas(stack.pushgatewayUrl, stopped), {
      what: "worker-1 stopped once Alertmanager is back",
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    console.log(
      `[faults] Alertmanager down while TrainingStalled fired: worker-1 stopped ${((performance.now() - back) / 1000).toFixed(1)} s after it came back`,
    );

    const receiver = status.services.alertReceiver.url;
    const token = readFileSync(join(stack.dir, "secrets", "receiver-token"), "utf8");
    const post = (body: string, auth = `Bearer ${token}`) =>
      fetch(`${receiver}/alerts`, {
        method: "POST",
        headers: { authorization: auth, "content-type": "application/json" },
        body,
      });
    const unknown = JSON.stringify({
      version: "4",
      status: "firing",
      receiver: "early-stop",
      groupKey: "{}",
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: "http://alertmanager",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "TrainingStalled", job: "mnist_mlp", task: "worker-9" },
          annotations: {},
          startsAt: new Date().toISOString(),
          fingerprint: "unknown-trainer",
        },
      ],
    });
    const answers = {
      malformed: (await post('{"alerts": [')).status,
      oversized: (await post(`{"pad": "${"x".repeat(2 * 1024 * 1024)}"}`)).status,
      wrongToken: (await post(unknown, "Bearer not-the-token-at-all-000")).status,
      unknownTrainer: (await post(unknown)).status,
    };
    const decisions = await scrapeValue(
      receiver,
      'trainwatch_receiver_decisions_total{alertname="TrainingStalled",outcome="unknown_trainer"}',
    );
    console.log(
      `[faults] receiver answers: ${JSON.stringify(answers)}; unknown_trainer decisions ${decisions}`,
    );
    expect(answers).toEqual({
      malformed: 400,
      oversized: 413,
      wrongToken: 401,
      unknownTrainer: 200,
    });
    expect(decisions).toBe(1);
    expect((await fetch(`${receiver}/healthz`)).status).toBe(200);
    const worker0 = status.trainers.find((t) => t.task === "worker-0");
    expect(
      await scrapeValue(
        worker0?.url ?? "",
        'training_status{job="mnist_mlp",task="worker-0",state="running"}',
      ),
    ).toBe(1);
    await stack.stop(); // before this Alertmanager goes
  }, 360_000);

  it("reports the GPU collector down while nvidia-smi hangs, and trains on", async () => {
    const bin = mkdtempSync(join(tmpdir(), "tw-faults-smi-"));
    await execa("ln", ["-s", fakeNvidiaSmi, join(bin, "nvidia-smi")]);
    const modeFile = join(bin, "mode");
    writeFileSync(modeFile, "normal");
    const capture = readdirSync(defaultFixturesDir).find((f) => f.endsWith("__load.query-gpu.csv"));
    if (!capture) throw new Error(`no nvidia-smi capture in ${defaultFixturesDir}`);
    const { child, url } = await startTrainer(
      [
        "--epochs",
        "500",
        "--train-size",
        "1000",
        "--validation-size",
        "100",
        "--gpu",
        "nvidia-smi",
        "--linger",
        "0",
      ],
      {
        PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
        FAKE_SMI_MODE_FILE: modeFile,
        FAKE_SMI_GPU_CAPTURES: join(defaultFixturesDir, capture),
        FAKE_SMI_APPS_CAPTURES: join(
          defaultFixturesDir,
          capture.replace("query-gpu", "query-compute-apps"),
        ),
      },
    );
    const collectorUp = 'gpu_collector_up{source="nvidia-smi"}';
    await waitFor(async () => (await scrapeValue(url, collectorUp)) === 1, {
      what: "the embedded collector to read the fake nvidia-smi",
      timeoutMs: 30_000,
    });
    writeFileSync(modeFile, "hang");
    const stepsAtHang = (await scrapeValue(url, series("training_steps_total"))) ?? NaN;
    const hung = performance.now();
    await waitFor(async () => (await scrapeValue(url, collectorUp)) === 0, {
      what: "gpu_collector_up to drop to 0 while nvidia-smi hangs",
      timeoutMs: 30_000,
    });
    const downAfter = (performance.now() - hung) / 1000;
    const stepsNow = (await scrapeValue(url, series("training_steps_total"))) ?? NaN;
    console.log(
      `[faults] nvidia-smi hanging: gpu_collector_up 0 after ${downAfter.toFixed(1)} s; ${stepsNow - stepsAtHang} steps trained meanwhile`,
    );
    expect(stepsNow).toBeGreaterThan(stepsAtHang);
    expect(
      await scrapeValue(url, 'training_status{job="mnist_mlp",task="worker-0",state="running"}'),
    ).toBe(1);
    child.kill("SIGTERM");
    expect((await child).exitCode).toBe(0);
  });
});
