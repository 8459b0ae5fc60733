import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, waitFor } from "@trainwatch/cli-kit";
import { demoTraceFile } from "@trainwatch/gpu-collector";
import {
  countRangeSeries,
  killProcess,
  queryPrometheus,
  relaunch,
  scrapeValue,
  trainwatch,
  waitForQuery,
} from "@trainwatch/harness";
import { describeBinary, isAlive, thanosBinary } from "@trainwatch/native-services";
import {
  type ClusterHandle,
  clusterPorts,
  defaultConfigDir,
  setNodeLink,
  startClusterStack,
  startTrainerProcess,
  writeFileSdTargets,
} from "@trainwatch/stack";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardQueries, describeEmpty, emptyQueries } from "../dashboard-queries.js";
import { legitimatelyEmpty } from "../legitimately-empty.js";

/** Why this machine cannot run the distributed stack, or undefined when it can. */
async function skipReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return "the distributed stack needs root (network namespaces)";
  try {
    await describeBinary(thanosBinary);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

const skip = await skipReason();
if (skip) console.log(`[distributed] skipped: ${skip}`);

/** Raw samples of one series over the last `seconds` (a range selector, evaluated now). */
async function rawSamples(queryUrl: string, selector: string, seconds: number, dedup = true) {
  const params = new URLSearchParams({ query: `${selector}[${seconds}s]`, dedup: String(dedup) });
  const body = (await (await fetch(`${queryUrl}/api/v1/query?${params}`)).json()) as {
    data: { result: { metric: Record<string, string>; values: [number, string][] }[] };
  };
  return body.data.result.map((r) => ({ metric: r.metric, times: r.values.map(([t]) => t) }));
}

/** The longest stretch without a sample, in seconds, from `from` on. */
const longestGap = (times: readonly number[], from: number) =>
  times
    .filter((t) => t >= from)
    .reduce((gap, t, i, kept) => (i === 0 ? gap : Math.max(gap, t - (kept[i - 1] as number))), 0);

const workers = 6;
const nodes = 3;

describe.skipIf(skip !== undefined)(
  "distributed stack: 3 nodes in network namespaces, Thanos",
  () => {
    let cluster: ClusterHandle;
    let queryUrl: string;
    const started = performance.now();

    beforeAll(async () => {
      cluster = await startClusterStack({
        dir: mkdtempSync(join(tmpdir(), "trainwatch-e2e-cluster-")), // kept for its logs
        configDir: defaultConfigDir,
        nodes,
        trainers: Array.from({ length: workers }, (_, i) => ({
          job: "mnist_mlp",
          task: `worker-${i}`,
          learningRate: 0.001,
          args: [
            ...["--epochs", "500", "--train-size", "2000", "--validation-size", "200"],
            ...(i === 1 ? ["--fault-stall-after", "60"] : []),
          ],
        })),
        gpu: { kind: "replay", file: demoTraceFile },
        alertTiming: "fast",
        trainerArgs: [],
        detached: false,
        echo: false,
        logger: createLogger("e2e", () => {}),
      });
      queryUrl = cluster.state.services.query?.url as string;
    }, 120_000);

    afterAll(async () => {
      await cluster?.stop();
    }, 120_000);

    it("puts six workers on three nodes, each worker's loss queryable through Thanos Query", async () => {
      // Over the last minutes: worker-1 stalls early and is stopped (next test), its loss stale.
      const losses = await waitForQuery(
        queryUrl,
        'last_over_time(training_loss{phase="train", instance!=""}[10m])',
        (samples) => new Set(samples.map((s) => s.metric.task)).size === workers,
        { what: "every worker's loss", timeoutMs: 60_000 },
      );
      const placed = Object.fromEntries(losses.map((s) => [s.metric.task, s.metric.node]));
      console.log(
        `[distributed] ${workers} workers on ${nodes} nodes, every loss queryable through Thanos Query ${((performance.now() - started) / 1000).toFixed(1)} s after the start: ${JSON.stringify(placed)}`,
      );
      expect(placed).toEqual({
        "worker-0": "node-1",
        "worker-1": "node-2",
        "worker-2": "node-3",
        "worker-3": "node-1",
        "worker-4": "node-2",
        "worker-5": "node-3",
      });
      for (const trainer of cluster.state.trainers) {
        const node = cluster.state.network.nodes.find((n) => n.node === trainer.node);
        expect(new URL(trainer.url).hostname, trainer.task).toBe(node?.address);
      }
    });

    it("stops a stalled worker on node 2 through Thanos Rule, the Alertmanager cluster and the receiver, once", async () => {
      const pushgateway = cluster.state.services.pushgateway?.url as string;
      const receiver = cluster.state.services.alertReceiver?.url as string;
      const stopped = await waitFor(
        async () =>
          scrapeValue(
            pushgateway,
            'training_stop_info{instance="",job="mnist_mlp",reason="TrainingStalled",task="worker-1"}',
          ),
        { what: "worker-1's stop reason in the Pushgateway", timeoutMs: 120_000, intervalMs: 500 },
      );
      expect(stopped).toBe(1);
      // Both Alertmanagers get every alert from the ruler; gossip lets one of them notify.
      await new Promise((resolve) => setTimeout(resolve, 5000));
      const requested = await scrapeValue(
        receiver,
        'trainwatch_receiver_decisions_total{alertname="TrainingStalled",outcome="stop_requested"}',
      );
      const running = cluster.state.trainers.filter((t) => t.task !== "worker-1");
      const healthy = await queryPrometheus(
        queryUrl,
        'time() - timestamp(training_loss{phase="train", instance!=""}) < 5',
      );
      console.log(
        `[distributed] worker-1 (node-2) stalled and was stopped by TrainingStalled; its reason pushed ${((performance.now() - started) / 1000).toFixed(1)} s after the stack started; stop requests sent: ${requested}; ${healthy.length} of ${running.length} other workers still stepping`,
      );
      expect(requested).toBe(1);
      expect(new Set(healthy.map((s) => s.metric.task))).toEqual(
        new Set(running.map((t) => t.task)),
      );
    });

    it("answers every dashboard query through Thanos Query as a single Prometheus does", async () => {
      await waitForQuery(queryUrl, "job_task:training_examples:rate", (s) => s.length >= 5, {
        what: "Thanos Rule's recording rules",
        timeoutMs: 60_000,
      });
      const empty = await emptyQueries((expr) => countRangeSeries(queryUrl, expr));
      console.log(
        `[distributed] checked ${dashboardQueries().length} panel and annotation queries through Thanos Query; empty: ${describeEmpty(empty)}`,
      );
      expect(empty.filter((w) => !(w in legitimatelyEmpty))).toEqual([]);
    });

    it("answers complete results while one receiver is down for 30 s, and loses no sample", async () => {
      const storage = cluster.state.services["storage-0"];
      if (!storage?.netns) throw new Error("no storage-0 in the cluster state");
      const argv = await killProcess(storage.pid, "SIGKILL");
      const killedAt = Date.now() / 1000;
      const running = cluster.state.trainers.filter((t) => t.task !== "worker-1").length;
      const answers: number[] = [];
      while (Date.now() / 1000 - killedAt < 30) {
        const fresh = await queryPrometheus(
          queryUrl,
          'time() - timestamp(training_loss{phase="train", instance!=""}) < 5',
        );
        answers.push(new Set(fresh.map((s) => s.metric.task)).size);
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
      await using back = relaunch(
        ["ip", "netns", "exec", storage.netns, ...argv],
        join(cluster.state.dir, "store", "storage-0.log"),
      );
      expect(back.pid).toBeGreaterThan(0);
      await waitFor(async () => (await fetch(`${storage.url}/-/ready`)).ok, {
        what: "storage-0 ready again",
        timeoutMs: 30_000,
      });
      const worker0 = cluster.state.trainers.find((t) => t.task === "worker-0");
      const selector = `up{job="trainers", instance="${new URL(worker0?.url ?? "http://x").host}"}`;
      // Query finds the receiver again within its endpoint refresh (seconds).
      await waitFor(
        async () =>
          (await rawSamples(queryUrl, selector, 10, false)).some(
            (r) => r.metric.receive_replica === "storage-0",
          ),
        { what: "Thanos Query to read storage-0 again", timeoutMs: 60_000, intervalMs: 500 },
      );
      const window = Math.ceil(Date.now() / 1000 - killedAt) + 5;
      const merged = await rawSamples(queryUrl, selector, window);
      const replicas = await rawSamples(queryUrl, selector, window, false);
      const from = killedAt - 5;
      const gaps = Object.fromEntries(
        replicas.map((r) => [r.metric.receive_replica, longestGap(r.times, from)]),
      );
      const mergedGap = longestGap(merged[0]?.times ?? [], from);
      console.log(
        `[distributed] storage-0 killed for 30 s: ${answers.length} queries answered ${JSON.stringify(answers)} fresh workers of ${running}; longest gap per replica ${JSON.stringify(gaps)} s, merged ${mergedGap} s over ${merged[0]?.times.length} samples in ${window} s`,
      );
      expect(answers.every((n) => n === running)).toBe(true);
      expect(gaps["storage-0"]).toBeGreaterThanOrEqual(25); // it really was down
      expect(mergedGap).toBeLessThanOrEqual(2); // 1 s scrapes: none missing
    });

    it("buffers a node cut off from the store for 30 s, says so (NodeMetricsDelayed) and catches up without a gap", async () => {
      const node = cluster.state.network.nodes.find((n) => n.node === "node-3");
      if (!node) throw new Error("no node-3");
      const delayedAlert = 'ALERTS{alertname="NodeMetricsDelayed",alertstate="firing"}';
      const cutAt = Date.now() / 1000;
      await setNodeLink(cluster.state.network, node, false);
      const delayed = await waitForQuery(queryUrl, delayedAlert, (s) => s.length > 0, {
        what: "NodeMetricsDelayed to fire while node-3 is cut off",
        timeoutMs: 30_000,
      });
      const firedAfter = Date.now() / 1000 - cutAt;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, cutAt * 1000 + 30_000 - Date.now())),
      );
      const unseen = await queryPrometheus(
        queryUrl,
        'time() - timestamp(up{job="trainers", node="node-3"})',
      );
      await setNodeLink(cluster.state.network, node, true);
      const backAt = Date.now() / 1000;
      const caughtUp = await waitForQuery(
        queryUrl,
        'time() - timestamp(up{job="trainers", node="node-3"}) < 3',
        (samples) => samples.length === 2,
        { what: "node-3's agent to catch up", timeoutMs: 60_000 },
      );
      const caughtUpAfter = Date.now() / 1000 - backAt;
      await waitForQuery(queryUrl, delayedAlert, (s) => s.length === 0, {
        what: "NodeMetricsDelayed to resolve once node-3's data arrives again",
        timeoutMs: 30_000,
      });
      const resolvedAfter = Date.now() / 1000 - backAt;
      const window = Math.ceil(Date.now() / 1000 - cutAt) + 5;
      const series = await rawSamples(queryUrl, 'up{job="trainers", node="node-3"}', window);
      // Late data is not a stall: nothing was asked to stop node-3's workers, which step on.
      await new Promise((resolve) => setTimeout(resolve, 5000));
      const receiver = cluster.state.services.alertReceiver?.url as string;
      const stops = {
        requested: await scrapeValue(
          receiver,
          'trainwatch_receiver_decisions_total{alertname="TrainingStalled",outcome="stop_requested"}',
        ),
        failed:
          (await scrapeValue(
            receiver,
            'trainwatch_receiver_decisions_total{alertname="TrainingStalled",outcome="stop_failed"}',
          )) ?? 0,
      };
      const stepping = await queryPrometheus(
        queryUrl,
        'time() - timestamp(training_loss{phase="train", node="node-3", instance!=""}) < 5',
      );
      const gaps = series.map((s) => longestGap(s.times, cutAt - 5));
      console.log(
        `[distributed] node-3 cut off for 30 s: its newest sample was ${Math.min(...unseen.map((s) => s.value)).toFixed(1)} s old at the end; caught up ${caughtUpAfter.toFixed(1)} s after the link came back; longest gap afterwards ${Math.max(...gaps)} s over ${series.map((s) => s.times.length).join(" and ")} samples in ${window} s; stop requests ${JSON.stringify(stops)}, node-3 workers stepping ${stepping.length}; NodeMetricsDelayed fired ${firedAfter.toFixed(1)} s after the cut for ${delayed.map((a) => a.metric.node).join(", ")} and resolved ${resolvedAfter.toFixed(1)} s after the link came back`,
      );
      expect(delayed.map((a) => [a.metric.node, a.metric.severity])).toEqual([
        ["node-3", "warning"],
      ]);
      expect(caughtUp.length).toBe(2);
      expect(stops).toEqual({ requested: 1, failed: 0 }); // worker-1's, from the stall test
      expect(stepping.length).toBe(2);
      expect(Math.min(...unseen.map((s) => s.value))).toBeGreaterThanOrEqual(25);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(2);
    });

    it("still stops a run with one Alertmanager of the two killed, and asks once", async () => {
      const [dead, alive] = ["alertmanager-0", "alertmanager-1"].map(
        (name) => cluster.state.services[name],
      );
      if (!dead || !alive) throw new Error("the cluster state has no two Alertmanagers");
      await killProcess(dead.pid, "SIGKILL");
      // A worker that joins node-2 now (its agent finds it through file_sd) and stalls soon.
      const node = cluster.state.network.nodes.find((n) => n.node === "node-2");
      if (!node) throw new Error("no node-2");
      const nodeDir = join(cluster.state.dir, "nodes", "node-2");
      await using late = await startTrainerProcess({
        job: "mnist_mlp",
        task: "worker-6",
        learningRate: 0.001,
        host: node.address,
        port: clusterPorts.node.firstTrainer + 2,
        netns: node,
        pushgatewayUrl: `http://${node.storeAddress}:${clusterPorts.pushgateway}`,
        spoolDir: join(nodeDir, "spool"),
        checkpointDir: join(nodeDir, "checkpoints", "worker-6"),
        args: ["--epochs", "500", "--train-size", "2000", "--fault-stall-after", "200"],
        env: {
          TRAINWATCH_CONTROL_TOKEN: readFileSync(
            join(cluster.state.dir, "secrets", "control-token"),
            "utf8",
          ),
        },
        logFile: join(nodeDir, "trainer-mnist_mlp-worker-6.log"),
        echo: false,
        detached: false,
      });
      const onNode = cluster.state.trainers
        .filter((t) => t.node === "node-2")
        .map((t) => new URL(t.url).host);
      writeFileSdTargets(join(nodeDir, "targets"), "trainers", [
        { targets: [...onNode, new URL(late.url).host] },
      ]);
      const killedAt = performance.now();
      const pushgateway = cluster.state.services.pushgateway?.url as string;
      await waitFor(
        async () =>
          scrapeValue(
            pushgateway,
            'training_stop_info{instance="",job="mnist_mlp",reason="TrainingStalled",task="worker-6"}',
          ),
        { what: "worker-6's stop reason in the Pushgateway", timeoutMs: 120_000, intervalMs: 500 },
      );
      const stoppedAfter = (performance.now() - killedAt) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 5000));
      const receiver = cluster.state.services.alertReceiver?.url as string;
      const requested = await scrapeValue(
        receiver,
        'trainwatch_receiver_decisions_total{alertname="TrainingStalled",outcome="stop_requested"}',
      );
      const status = (await (await fetch(`${alive.url}/api/v2/status`)).json()) as {
        cluster: { status: string; peers: unknown[] };
      };
      console.log(
        `[distributed] alertmanager-0 killed: worker-6 (joined node-2 afterwards) stalled and was stopped ${stoppedAfter.toFixed(1)} s after the kill through alertmanager-1 (cluster ${status.cluster.status}, ${status.cluster.peers.length} peers known); TrainingStalled stop requests in all ${requested}`,
      );
      expect(requested).toBe(2); // worker-1's earlier, worker-6's once
    });
  },
);

describe.skipIf(skip !== undefined)("trainwatch up --nodes (the CLI)", () => {
  it("starts detached, lists every service and each trainer's node, and `down` leaves nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trainwatch-e2e-nodes-"));
    const netnsBefore = await execa("ip", ["netns", "list"]);
    const linksBefore = (await execa("ip", ["-o", "link"])).stdout.split("\n").length;
    try {
      await trainwatch([
        "up",
        ...["--nodes", "2", "--workers", "3", "--gpu", "none", "--detach", "--dir", dir],
        ...["--", "--epochs", "500", "--train-size", "2000"],
      ]);
      const status = JSON.parse(await trainwatch(["status", "--dir", dir, "--json"])) as {
        services: Record<string, { url: string; pid: number; running: boolean }>;
        trainers: { task: string; node: string; pid: number; running: boolean }[];
      };
      const storage = Object.keys(status.services).filter((n) => n.startsWith("storage-"));
      const pids = [
        ...Object.values(status.services).map((s) => s.pid),
        ...status.trainers.map((t) => t.pid),
      ];
      console.log(
        `[distributed] up --nodes 2 --workers 3: ${Object.keys(status.services).length} services (${Object.keys(status.services).join(", ")}), trainers ${status.trainers.map((t) => `${t.task}@${t.node}`).join(", ")}`,
      );
      expect(storage).toEqual(["storage-0", "storage-1"]);
      expect((await fetch(`${status.services.query?.url}/-/ready`)).ok).toBe(true);
      expect(Object.values(status.services).every((s) => s.running)).toBe(true);
      expect(status.trainers.map((t) => [t.task, t.node, t.running])).toEqual([
        ["worker-0", "node-1", true],
        ["worker-2", "node-1", true],
        ["worker-1", "node-2", true],
      ]);
      await trainwatch(["down", "--dir", dir]);
      const alive = pids.filter((pid) => isAlive(pid));
      const linksAfter = (await execa("ip", ["-o", "link"])).stdout.split("\n").length;
      console.log(
        `[distributed] down: ${alive.length} of ${pids.length} processes alive, namespaces ${JSON.stringify((await execa("ip", ["netns", "list"])).stdout)}, links ${linksBefore} before and ${linksAfter} after`,
      );
      expect(alive).toEqual([]);
      expect((await execa("ip", ["netns", "list"])).stdout).toBe(netnsBefore.stdout);
      expect(linksAfter).toBe(linksBefore);
    } finally {
      await trainwatch(["down", "--dir", dir]).catch(() => undefined);
    }
  });
});
