import { randomBytes } from "node:crypto";
import { waitFor } from "@trainwatch/cli-kit";
import {
  applyOperatorCrds,
  applyTrainwatch,
  type ClusterFootprint,
  clusterFootprint,
  type LocalCluster,
  localClusterSkipReason,
  startLocalCluster,
} from "@trainwatch/harness";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import "../containers-context.js";

const containers = inject("containers");
const skip = containers.skip ?? (await localClusterSkipReason());
const say = (line: string) => console.log(`[kubernetes] ${line}`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

interface Pod {
  metadata: { name: string; uid: string; labels: Record<string, string> };
  status: { phase: string; podIP?: string };
}

describe.skipIf(skip !== undefined)(
  "deploy/kubernetes on a throwaway Kubernetes 1.34 cluster (kubelet, containerd, kube-proxy, CoreDNS; images from the offline set)",
  () => {
    let cluster: LocalCluster;
    let before: ClusterFootprint;
    const pods = async (selector: string) =>
      (
        JSON.parse(
          await cluster.kubectl(["-n", "trainwatch", "get", "pods", "-l", selector, "-o", "json"]),
        ) as { items: Pod[] }
      ).items;

    beforeAll(async () => {
      const images = containers.skip === undefined ? containers.images : {};
      before = await clusterFootprint("/nonexistent");
      cluster = await startLocalCluster({ log: say });
      say(`cluster up in ${(cluster.startMs / 1000).toFixed(1)} s`);
      const started = performance.now();
      const tags = [images.TRAINWATCH_IMAGE, images.PUSHGATEWAY_IMAGE] as string[];
      await cluster.importImages(tags);
      say(`imported ${tags.join(", ")} in ${seconds(started)}`);
      const crds = await applyOperatorCrds(cluster);
      say(`applied the Prometheus Operator's ${crds.length} CRDs`);
      // kube-prometheus-stack's namespace, where Grafana's sidecars read the dashboards.
      await cluster.kubectl(["create", "namespace", "monitoring"]);
      await cluster.kubectl(["create", "namespace", "trainwatch"]);
      await cluster.kubectl([
        ...["-n", "trainwatch", "create", "secret", "generic", "trainwatch-tokens"],
        `--from-literal=receiver-token=${randomBytes(24).toString("hex")}`,
        `--from-literal=control-token=${randomBytes(24).toString("hex")}`,
      ]);
      await cluster.kubectl(["label", "node", cluster.nodeName, "nvidia.com/gpu.present=true"]);
      const [trainwatchName, trainwatchTag] = (images.TRAINWATCH_IMAGE as string).split(":");
      const [pushgatewayName, pushgatewayTag] = (images.PUSHGATEWAY_IMAGE as string).split(":");
      const applied = await applyTrainwatch(cluster, {
        images: [
          {
            name: "trainwatch",
            newName: trainwatchName as string,
            newTag: trainwatchTag as string,
          },
          {
            name: "prom/pushgateway",
            newName: pushgatewayName as string,
            newTag: pushgatewayTag as string,
          },
        ],
        patches: [
          // Two workers of one CPU each do not fit a 2-core node beside the rest.
          {
            target: { kind: "Job", name: "mnist-mlp" },
            patch: JSON.stringify([
              {
                op: "replace",
                path: "/spec/template/spec/containers/0/resources/requests/cpu",
                value: "500m",
              },
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
        ],
      });
      say(`kubectl apply -k: ${applied.split("\n").length} objects`);
    }, 900_000);

    afterAll(async () => {
      await cluster?.stop();
    });

    it("runs the Indexed trainer Job: both workers train and export their loss with job and task, their GPU attributed to their pods through kubelet's cgroups", async () => {
      const started = performance.now();
      let trainers: Pod[] = [];
      await waitFor(
        async () => {
          trainers = await pods("app.kubernetes.io/name=trainwatch-trainer");
          return trainers.length === 2 && trainers.every((p) => p.status.phase === "Running");
        },
        { what: "both trainer pods to run", timeoutMs: 180_000, intervalMs: 1000 },
      );
      say(`both trainer pods Running after ${seconds(started)}`);
      for (const index of [0, 1]) {
        const task = `worker-${index}`;
        const pod = trainers.find(
          (p) => p.metadata.labels["batch.kubernetes.io/job-completion-index"] === String(index),
        ) as Pod;
        const loss = await waitFor(
          async () => {
            const text = await (await fetch(`http://${pod.status.podIP}:9400/metrics`)).text();
            const line = text
              .split("\n")
              .find(
                (l) =>
                  l.startsWith("training_loss{") &&
                  l.includes('job="mnist_mlp"') &&
                  l.includes(`task="${task}"`),
              );
            return line === undefined ? undefined : Number(line.split(" ").at(-1));
          },
          { what: `${task}'s training_loss`, timeoutMs: 120_000, intervalMs: 1000 },
        );
        say(`${task} (${pod.metadata.name}, ${pod.status.podIP}) training_loss ${loss}`);
        expect(loss).toBeGreaterThan(0);
      }
      const [collector] = await pods("app.kubernetes.io/name=trainwatch-gpu-collector");
      expect(collector?.status.phase).toBe("Running");
      const metrics = await waitFor(
        async () => {
          const text = await (await fetch(`http://${collector?.status.podIP}:9401/metrics`)).text();
          return trainers.every((p) => text.includes(`pod_uid="${p.metadata.uid}"`)) && text;
        },
        { what: "the replayed GPU attributed to both trainer pods", timeoutMs: 60_000 },
      );
      const attributed = (metrics as string)
        .split("\n")
        .filter((line) => line.startsWith("gpu_process_memory_used_bytes"));
      say(`GPU processes: ${attributed.join(" | ")}`);
      for (const pod of trainers)
        expect(attributed.some((line) => line.includes(`pod_uid="${pod.metadata.uid}"`))).toBe(
          true,
        );
    });

    it("leaves no process, mount, link, iptables rule, network namespace or cgroup behind", async () => {
      const dir = cluster.dir;
      const started = performance.now();
      await cluster.stop();
      say(`stopped in ${seconds(started)}`);
      expect(await clusterFootprint(dir)).toEqual(before);
    });
  },
);
