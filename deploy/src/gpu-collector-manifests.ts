import { readFileSync } from "node:fs";
import type { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { costConfigFile } from "@trainwatch/prometheus-config";
import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import type { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { labelsOf, monitoringPeer, selectorOf, settings } from "./deploy-settings.js";
import { ingressPolicy, partPodMonitor } from "./part-objects.js";

const { namespace, ports } = settings;

/**
 * One GPU collector per GPU node (the NVIDIA GPU operator's `nvidia.com/gpu.present` label),
 * reading NVML through the NVIDIA container toolkit. It shares the host's pid namespace: NVML
 * reports host pids, and each one's /proc/<pid>/cgroup names the container and pod on that GPU.
 */
export function gpuCollectorDaemonSet(): DaemonSet {
  const costDir = "/etc/trainwatch";
  return new DaemonSet({
    metadata: { name: "trainwatch-gpu-collector", namespace, labels: labelsOf("gpuCollector") },
    spec: {
      selector: selectorOf("gpuCollector"),
      template: {
        metadata: { labels: labelsOf("gpuCollector") },
        spec: {
          hostPID: true,
          nodeSelector: { "nvidia.com/gpu.present": "true" },
          tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
          containers: [
            {
              name: "gpu-collector",
              image: settings.image,
              args: [
                ...["trainwatch-gpu-collector", "--source", "auto"],
                ...["--host", "0.0.0.0", "--port", String(ports.gpuCollector)],
                ...["--cost-config", `${costDir}/cost.yml`],
              ],
              volumeMounts: [{ name: "cost", mountPath: costDir, readOnly: true }],
              env: [
                // The toolkit mounts the driver's libraries (NVML) and every GPU's device.
                { name: "NVIDIA_VISIBLE_DEVICES", value: "all" },
                { name: "NVIDIA_DRIVER_CAPABILITIES", value: "utility" },
              ],
              ports: [{ name: "metrics", containerPort: ports.gpuCollector }],
              resources: {
                requests: { cpu: "50m", memory: "96Mi" },
                limits: { memory: "256Mi" },
              },
              readinessProbe: { httpGet: { path: "/healthz", port: "metrics" }, periodSeconds: 10 },
            },
          ],
          volumes: [{ name: "cost", configMap: { name: costConfigMapName } }],
        },
      },
    },
  });
}

const costConfigMapName = "trainwatch-cost";

/**
 * prometheus/cost.yml (prices per GPU-hour, the grid's intensity; empty: no cost or carbon) for
 * the collectors: edit it here, or patch this ConfigMap in an overlay, and restart the DaemonSet.
 */
export function costConfigMap(): ConfigMap {
  return new ConfigMap({
    metadata: { name: costConfigMapName, namespace, labels: labelsOf("gpuCollector") },
    data: { "cost.yml": readFileSync(costConfigFile, "utf8") },
  });
}

export function gpuCollectorPodMonitor(): PodMonitor {
  return partPodMonitor("gpuCollector", { port: "metrics", interval: "5s" });
}

/** Only Prometheus reaches the collector. */
export function gpuCollectorNetworkPolicy(): NetworkPolicy {
  return ingressPolicy("gpuCollector", [
    { port: ports.gpuCollector, from: [monitoringPeer("prometheus")] },
  ]);
}
