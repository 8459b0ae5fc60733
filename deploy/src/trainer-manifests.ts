import type { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { Job } from "kubernetes-models/batch/v1/Job";
import type { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { labelsOf, monitoringPeer, selectorOf, settings } from "./deploy-settings.js";
import { ingressPolicy, partPodMonitor } from "./part-objects.js";

const { namespace, ports } = settings;

/**
 * The example training job: an Indexed Job of two workers, each its own pod. A worker's `task`
 * comes from its completion index (worker-0, worker-1); its pod uid from the downward API, so the
 * GPU collector's processes join to it; its final state goes to the Pushgateway.
 */
export function trainerJob(): Job {
  return new Job({
    metadata: { name: "mnist-mlp", namespace, labels: labelsOf("trainer") },
    spec: {
      completionMode: "Indexed",
      completions: 2,
      parallelism: 2,
      backoffLimit: 2,
      template: {
        metadata: { labels: { ...labelsOf("trainer"), "trainwatch.io/job": "mnist_mlp" } },
        spec: {
          restartPolicy: "Never",
          containers: [
            {
              name: "trainer",
              image: settings.image,
              args: [
                ...["trainwatch-trainer", "--job", "mnist_mlp", "--task", "worker-$(TASK_INDEX)"],
                ...["--epochs", "60", "--progress", "lines"],
                ...["--metrics-host", "0.0.0.0", "--metrics-port", String(ports.trainer)],
                ...["--control-port", String(ports.trainerControl)],
                ...["--pushgateway-url", `http://${"trainwatch-pushgateway"}:${ports.pushgateway}`],
              ],
              env: [
                {
                  name: "TASK_INDEX",
                  valueFrom: {
                    fieldRef: {
                      fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']",
                    },
                  },
                },
                {
                  name: "TRAINWATCH_POD_UID",
                  valueFrom: { fieldRef: { fieldPath: "metadata.uid" } },
                },
                {
                  name: "TRAINWATCH_CONTROL_TOKEN",
                  valueFrom: {
                    secretKeyRef: { name: settings.tokensSecret, key: "control-token" },
                  },
                },
              ],
              ports: [
                { name: "metrics", containerPort: ports.trainer },
                { name: "control", containerPort: ports.trainerControl },
              ],
              resources: {
                requests: { cpu: "1", memory: "1Gi" },
                limits: { memory: "2Gi" },
              },
              readinessProbe: {
                httpGet: { path: "/healthz", port: "metrics" },
                periodSeconds: 5,
              },
            },
          ],
        },
      },
    },
  });
}

/**
 * Prometheus scrapes every trainer pod; the trainer's own `job` and `task` labels win. Protobuf
 * first, which carries the step-duration histogram's native form (stored where that Prometheus
 * scrapes native histograms), with the classic buckets kept beside it for the rules.
 */
export function trainerPodMonitor(): PodMonitor {
  return partPodMonitor(
    "trainer",
    { port: "metrics", interval: "5s", honorLabels: true },
    "trainwatch-trainers",
    {
      scrapeProtocols: ["PrometheusProto", "OpenMetricsText1.0.0", "PrometheusText0.0.4"],
      scrapeClassicHistograms: true,
    },
  );
}

/**
 * Only Prometheus reaches a trainer's /metrics, and only the early-stop receiver its control
 * port (`POST /control/stop`, with the control token; the receiver finds the port in
 * training_info's `control_port`).
 */
export function trainerNetworkPolicy(): NetworkPolicy {
  return ingressPolicy("trainer", [
    { port: ports.trainer, from: [monitoringPeer("prometheus")] },
    { port: ports.trainerControl, from: [{ podSelector: selectorOf("receiver") }] },
  ]);
}
