import { waitFor } from "@trainwatch/cli-kit";
import {
  queryPrometheus,
  receiverDecisions,
  scrapeValue,
  startContainerStack,
  waitForQuery,
} from "@trainwatch/harness";
import { describe, expect, inject, it } from "vitest";
import "../containers-context.js";
import { stallingRunArgs } from "../short-run.js";

const containers = inject("containers");

/**
 * A series' samples per replica over `seconds` ending 2 s ago (every write has reached both by
 * then), read through Query without merging.
 */
async function perReplica(queryUrl: string, selector: string, seconds: number) {
  const params = new URLSearchParams({
    query: `${selector}[${seconds}s] offset 2s`,
    dedup: "false",
  });
  const body = (await (await fetch(`${queryUrl}/api/v1/query?${params}`)).json()) as {
    data: { result: { metric: Record<string, string>; values: unknown[] }[] };
  };
  return Object.fromEntries(
    body.data.result.map((r) => [r.metric.receive_replica ?? "none", r.values.length]),
  );
}

describe.skipIf(containers.skip !== undefined)(
  `docker-compose.yml's cluster profile on the containers runtime (${containers.skip === undefined ? `${containers.binaries}, ${containers.thanos}` : "not run"})`,
  () => {
    it("runs the agent → Thanos → Rule → two Alertmanagers path: both workers' losses in both replicas, a stalled worker stopped once", async () => {
      if (containers.skip !== undefined) throw new Error(containers.skip);
      const started = performance.now();
      await using stack = await startContainerStack({
        images: containers.images,
        compose: containers.compose,
        topology: "cluster",
        alertTiming: "fast",
        faultTask: "worker-1",
        trainerArgs: stallingRunArgs,
      });
      const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
      // Query answers at prometheusUrl; the replicas show under dedup=false.
      const losses = await waitForQuery(
        stack.prometheusUrl,
        'last_over_time(training_loss{phase="train", instance!=""}[5m])',
        (s) => new Set(s.map((x) => x.metric.task)).size === 2,
        { what: "both workers' loss through Thanos Query", timeoutMs: 90_000 },
      );
      expect(losses.map((s) => s.metric.node)).toEqual(["compose", "compose"]);
      const replicas = await waitFor(
        async () => {
          const counts = await perReplica(
            stack.prometheusUrl,
            'up{job="trainers", instance="trainer-0:9400"}',
            10,
          );
          // Scraped every second: 10 in 10 s, 9 where a scrape sits on the window's edge.
          return Object.values(counts).filter((n) => n >= 9).length === 2 && counts;
        },
        { what: "10 s of trainer-0's samples in both storage replicas", timeoutMs: 60_000 },
      );
      console.log(
        `[compose cluster] both workers' loss through Thanos Query ${seconds()} s after the start; trainer-0's up over 10 s per replica: ${JSON.stringify(replicas)}`,
      );
      expect(Object.keys(replicas).sort()).toEqual(["storage-0", "storage-1"]);
      expect(replicas["storage-0"], "both replicas hold every sample").toBe(replicas["storage-1"]);

      // The Alertmanagers found each other: each sees two members.
      for (const service of ["alertmanager-0", "alertmanager-1"]) {
        const base = stack.serviceUrl(service, 9093);
        const status = (await (await fetch(`${base}/api/v2/status`)).json()) as {
          cluster: { status: string; peers: unknown[] };
        };
        expect(status.cluster, service).toMatchObject({ status: "ready" });
        expect(status.cluster.peers, service).toHaveLength(2);
      }

      const stopped = await waitFor(
        async () =>
          scrapeValue(
            stack.pushgatewayUrl,
            'training_stop_info{instance="",job="mnist_mlp",reason="TrainingStalled",task="worker-1"}',
          ),
        { what: "worker-1's stop reason in the Pushgateway", timeoutMs: 150_000, intervalMs: 500 },
      );
      expect(stopped).toBe(1);
      // Both Alertmanagers hear every alert from the ruler (re-sent every 2 s); gossip lets one
      // notify. Give a duplicate time to arrive before counting.
      await new Promise((resolve) => setTimeout(resolve, 8000));
      const decisions = await receiverDecisions(stack, "TrainingStalled mnist_mlp/worker-1");
      const healthy = await queryPrometheus(
        stack.prometheusUrl,
        'time() - timestamp(training_loss{phase="train", task="worker-0", instance!=""}) < 5',
      );
      console.log(
        `[compose cluster] worker-1 stalled and was stopped by TrainingStalled through Thanos Rule and the Alertmanager pair; reason pushed ${seconds()} s after the start; the receiver's decisions for it: ${JSON.stringify(decisions)}; worker-0 stepping: ${healthy.length === 1}`,
      );
      expect(decisions.filter((d) => d.includes(": stop_requested"))).toHaveLength(1);
      expect(healthy).toHaveLength(1);
    }, 360_000);
  },
);
