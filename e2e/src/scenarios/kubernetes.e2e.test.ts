import { randomBytes } from "node:crypto";
import { waitFor } from "@trainwatch/cli-kit";
import {
  applyTrainwatch,
  clusterFootprint,
  countRangeSeries,
  fastTimingPatches,
  installMonitoringStack,
  type LocalCluster,
  localClusterSkipReason,
  type MonitoringStack,
  queryPrometheus,
  startLocalCluster,
} from "@trainwatch/harness";
import { readUpstreamPins } from "@trainwatch/native-services";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import "../containers-context.js";
import { describeEmpty, emptyQueries } from "../dashboard-queries.js";
import { legitimatelyEmpty } from "../legitimately-empty.js";

const containers = inject("containers");
const skip = containers.skip ?? (await localClusterSkipReason());
const say = (line: string) => console.log(`[kubernetes] ${line}`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
/** worker-1 stops making progress after this many steps (the trainer's fault flag). */
const stallAfterSteps = 150;

interface Pod {
  metadata: { name: string; uid: string; labels: Record<string, string> };
  status: {
    phase: string;
    podIP?: string;
    containerStatuses?: { state: { terminated?: { exitCode: number } } }[];
  };
}

/**
 * Whether this kernel can run kube-network-policies, which queues pod traffic to itself with
 * nftables' `queue` statement (CONFIG_NFT_QUEUE): tried in a throwaway table.
 */
async function nftQueueSupport(): Promise<string | undefined> {
  const table = `trainwatch_probe_${randomBytes(3).toString("hex")}`;
  const nft = (...args: string[]) => execa("nft", args, { reject: false, all: true });
  await nft("add", "table", "inet", table);
  await nft("add", "chain", "inet", table, "c", "{ type filter hook forward priority 0 ; }");
  const queued = await nft("add", "rule", "inet", table, "c", "queue", "num", "100", "bypass");
  await nft("delete", "table", "inet", table);
  return queued.exitCode === 0 ? undefined : (queued.all ?? "").split("\n")[0];
}

describe.skipIf(skip !== undefined)(
  "deploy/kubernetes on a throwaway Kubernetes 1.34 cluster (kubelet, containerd, kube-proxy, CoreDNS), monitored by the Prometheus Operator as kube-prometheus-stack sets it up",
  () => {
    let cluster: LocalCluster;
    let monitoring: MonitoringStack;
    const images = containers.skip === undefined ? containers.images : {};
    const pods = async (selector: string) =>
      (
        JSON.parse(
          await cluster.kubectl(["-n", "trainwatch", "get", "pods", "-l", selector, "-o", "json"]),
        ) as { items: Pod[] }
      ).items;
    const query = (expr: string) => queryPrometheus(monitoring.prometheusUrl, expr);
    const image = (variable: string) => {
      const tag = images[variable] as string;
      return {
        newName: tag.slice(0, tag.lastIndexOf(":")),
        newTag: tag.slice(tag.lastIndexOf(":") + 1),
      };
    };

    beforeAll(async () => {
      cluster = await startLocalCluster({ log: say });
      say(`cluster up in ${(cluster.startMs / 1000).toFixed(1)} s`);
      let started = performance.now();
      const pins = readUpstreamPins();
      monitoring = await installMonitoringStack(
        cluster,
        {
          prometheus: { image: images.PROMETHEUS_IMAGE as string, version: `v${pins.prometheus}` },
          alertmanager: {
            image: images.ALERTMANAGER_IMAGE as string,
            version: `v${pins.alertmanager}`,
          },
        },
        say,
      );
      say(
        `the operator's Prometheus (${monitoring.prometheusUrl}) and Alertmanager (${monitoring.alertmanagerUrl}) ready after ${seconds(started)}`,
      );
      started = performance.now();
      await cluster.importImages([
        images.TRAINWATCH_IMAGE as string,
        images.PUSHGATEWAY_IMAGE as string,
      ]);
      // docs/kubernetes.md's steps: the namespace and its Secret, then `kubectl apply -k`.
      await cluster.kubectl(["create", "namespace", "trainwatch"]);
      await cluster.kubectl([
        ...["-n", "trainwatch", "create", "secret", "generic", "trainwatch-tokens"],
        `--from-literal=receiver-token=${randomBytes(24).toString("hex")}`,
        `--from-literal=control-token=${randomBytes(24).toString("hex")}`,
      ]);
      // What the GPU operator labels a GPU node with; and a volume for the Pushgateway's claim.
      await cluster.kubectl(["label", "node", cluster.nodeName, "nvidia.com/gpu.present=true"]);
      await cluster.addVolume("trainwatch-pushgateway");
      const stall = `if [ "$TASK_INDEX" = 1 ]; then exec "$@" --fault-stall-after ${stallAfterSteps}; else exec "$@"; fi`;
      const applied = await applyTrainwatch(cluster, {
        images: [
          { name: "trainwatch", ...image("TRAINWATCH_IMAGE") },
          { name: "prom/pushgateway", ...image("PUSHGATEWAY_IMAGE") },
        ],
        patches: [
          {
            target: { kind: "Job", name: "mnist-mlp" },
            patch: JSON.stringify([
              // Two workers of one CPU each do not fit a 2-core node beside the rest.
              {
                op: "replace",
                path: "/spec/template/spec/containers/0/resources/requests/cpu",
                value: "500m",
              },
              // worker-1 (completion index 1) stalls: `sh -c '…' -- <the Job's command>`.
              ...["--", stall, "-c", "sh"].map((value) => ({
                op: "add",
                path: "/spec/template/spec/containers/0/args/0",
                value,
              })),
            ]),
          },
          // No GPU here: the collector replays a recorded H100 trace and gives its GPU to the
          // trainer processes it sees (hostPID), as compose's replay profile does.
          {
            target: { kind: "DaemonSet", name: "trainwatch-gpu-collector" },
            patch: JSON.stringify([
              {
                op: "replace",
                path: "/spec/template/spec/containers/0/args",
                value: [
                  "trainwatch-gpu-collector",
                  ...["--host", "0.0.0.0", "--port", "9401"],
                  "--source",
                  "replay:/app/node_modules/@trainwatch/gpu-collector/traces/h100-demo.jsonl",
                  ...["--replay-processes", "trainwatch-trainer"],
                ],
              },
            ]),
          },
          // The compose demo's timing (rules-fast, 1 s scrapes), so the stall alerts within a minute.
          ...fastTimingPatches(),
        ],
      });
      say(`kubectl apply -k (through an overlay): ${applied.split("\n").length} objects`);
    }, 900_000);

    afterAll(async () => {
      await cluster?.stop();
    });

    it("scrapes both trainer pods through the PodMonitor (honorLabels): both workers' loss with their job and task, the replayed GPU joined to both through a real kubelet's cgroups", async () => {
      const started = performance.now();
      const losses = await waitFor(
        async () => {
          const result = await query('training_loss{job="mnist_mlp",phase="train"}');
          const tasks = new Set(result.map((s) => s.metric.task));
          return tasks.has("worker-0") && tasks.has("worker-1") && result;
        },
        { what: "both workers' training_loss in Prometheus", timeoutMs: 180_000, intervalMs: 2000 },
      );
      say(
        `both workers' loss in the operator's Prometheus after ${seconds(started)}: ${losses.map((s) => `${s.metric.task}=${s.value.toFixed(3)} (${s.metric.pod})`).join(", ")}`,
      );
      const targets = (
        (await (await fetch(`${monitoring.prometheusUrl}/api/v1/targets`)).json()) as {
          data: { activeTargets: { scrapePool: string; health: string }[] };
        }
      ).data.activeTargets;
      say(`targets: ${targets.map((t) => `${t.scrapePool} ${t.health}`).join(", ")}`);
      expect(
        targets.filter((t) => t.scrapePool === "podMonitor/trainwatch/trainwatch-trainers/0"),
      ).toHaveLength(2);

      const trainers = await pods("app.kubernetes.io/name=trainwatch-trainer");
      const joined = await waitFor(
        async () => {
          const result = await query("job_task_gpu:training_gpu:assigned");
          return result.length >= 2 && result;
        },
        { what: "the GPU-to-job join for both workers", timeoutMs: 120_000, intervalMs: 2000 },
      );
      say(`GPU per job: ${joined.map((s) => `${s.metric.task} → GPU ${s.metric.gpu}`).join(", ")}`);
      expect(joined.map((s) => s.metric.task).sort()).toEqual(["worker-0", "worker-1"]);
      const processes = await query("gpu_process_memory_used_bytes");
      for (const pod of trainers)
        expect(processes.map((s) => s.metric.pod_uid)).toContain(pod.metadata.uid);
    });

    it("stops the stalled worker: TrainingStalled → the AlertmanagerConfig's route → the receiver's Service → the pod's control port; the pod ends with its stop reason, and its final state outlives the Pushgateway's pod (its volume claim)", async () => {
      const started = performance.now();
      const worker1 = await waitFor(
        async () => {
          const [pod] = await pods("batch.kubernetes.io/job-completion-index=1");
          return pod?.status.phase === "Succeeded" && pod;
        },
        { what: "worker-1's pod to end", timeoutMs: 300_000, intervalMs: 2000 },
      );
      say(`worker-1's pod ${worker1.metadata.name} Succeeded after ${seconds(started)} more`);
      const log = await cluster.kubectl(["-n", "trainwatch", "logs", worker1.metadata.name]);
      say(`worker-1: ${log.trim().split("\n").at(-1)}`);
      expect(log).toContain("stop requested (TrainingStalled)");
      expect(log).toMatch(/stopped \(TrainingStalled\).*final state pushed/);
      const receiver = await cluster.kubectl([
        ...["-n", "trainwatch", "logs", "deployment/trainwatch-alert-receiver"],
      ]);
      expect(receiver).toContain("TrainingStalled mnist_mlp/worker-1: stop_requested");
      expect(receiver).not.toContain("mnist_mlp/worker-0: stop_requested");

      const finalState = async (notFrom?: string) => {
        const [pushgateway] = await pods("app.kubernetes.io/name=trainwatch-pushgateway");
        if (pushgateway?.status.podIP === undefined || pushgateway.metadata.name === notFrom)
          return undefined;
        const text = await (await fetch(`http://${pushgateway.status.podIP}:9091/metrics`)).text();
        return text
          .split("\n")
          .find((l) => l.startsWith("training_stop_info{") && l.includes('task="worker-1"'));
      };
      const [first] = await pods("app.kubernetes.io/name=trainwatch-pushgateway");
      const pushed = await waitFor(() => finalState(), {
        what: "worker-1's final state in the Pushgateway",
        timeoutMs: 60_000,
        intervalMs: 1000,
      });
      say(`in the Pushgateway: ${pushed}`);
      expect(pushed).toContain('reason="TrainingStalled"');
      const replaced = performance.now();
      await cluster.kubectl([
        ...[
          "-n",
          "trainwatch",
          "delete",
          "pod",
          "-l",
          "app.kubernetes.io/name=trainwatch-pushgateway",
        ],
      ]);
      const kept = await waitFor(() => finalState(first?.metadata.name), {
        what: "the recreated Pushgateway pod to serve worker-1's final state",
        timeoutMs: 120_000,
        intervalMs: 1000,
      });
      say(`the Pushgateway's pod recreated, still there after ${seconds(replaced)}: ${kept}`);
      expect(kept).toBe(pushed);
    });

    it("answers the dashboards' queries from the operator's Prometheus, but for the panels listed as possibly empty", async () => {
      const empty = await emptyQueries((expr) => countRangeSeries(monitoring.prometheusUrl, expr));
      say(`dashboards, empty: ${describeEmpty(empty)}`);
      const alsoHere: Record<string, string> = {
        "trainwatch-training / annotation Checkpoints":
          "deploy/kubernetes' Job writes no checkpoints (no --checkpoint-dir: its pods have no volume for them)",
      };
      expect(empty.filter((w) => !(w in legitimatelyEmpty) && !(w in alsoHere))).toEqual([]);
    });

    it("enforces the NetworkPolicies: a pod without the allowed labels gets no answer from a trainer's control port or /metrics", async (context) => {
      const missing = await nftQueueSupport();
      context.skip(
        missing === undefined
          ? "no NetworkPolicy enforcer runs in the throwaway cluster yet"
          : `kube-network-policies cannot run on this kernel: it queues pod traffic with nftables' queue statement, which needs CONFIG_NFT_QUEUE (nft: "${missing}"); the dry run still checks the policies' selectors`,
      );
    });

    it("leaves no process, mount, link, iptables rule, network namespace or cgroup behind", async () => {
      const dir = cluster.dir;
      const started = performance.now();
      await cluster.stop();
      say(`stopped in ${seconds(started)}`);
      expect(await clusterFootprint(dir)).toEqual({
        processes: [],
        mounts: [],
        links: [],
        iptables: [],
        netns: [],
        cgroups: [],
      });
    });
  },
);
