import type { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { AlertmanagerConfig } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig";
import { earlyStopRoute, stopAlerts } from "@trainwatch/prometheus-config";
import type { Deployment } from "kubernetes-models/apps/v1/Deployment";
import type { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import type { Service } from "kubernetes-models/v1/Service";
import {
  appNames,
  labelsOf,
  monitoringLabels,
  monitoringPeer,
  selectorOf,
  settings,
} from "./deploy-settings.js";
import { ingressPolicy, partDeployment, partPodMonitor, partService } from "./part-objects.js";

const { namespace, ports } = settings;
const token = (name: string, key: string) => ({
  name,
  valueFrom: { secretKeyRef: { name: settings.tokensSecret, key } },
});

/**
 * The early-stop receiver: Alertmanager's webhook (bearer `receiver-token`), which finds the
 * trainer an alert names through Prometheus' query API and stops it (bearer `control-token`).
 */
export function receiverDeployment(): Deployment {
  return partDeployment("receiver", {
    name: "alert-receiver",
    image: settings.image,
    args: [
      ...["trainwatch", "alert-receiver", "--host", "0.0.0.0"],
      ...["--port", String(ports.receiver), "--query-url", settings.prometheusUrl],
    ],
    env: [
      token("TRAINWATCH_RECEIVER_TOKEN", "receiver-token"),
      token("TRAINWATCH_CONTROL_TOKEN", "control-token"),
    ],
    ports: [{ name: "http", containerPort: ports.receiver }],
    resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "192Mi" } },
    readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10 },
  });
}

export function receiverService(): Service {
  return partService("receiver", ports.receiver);
}

/** Its decisions (`trainwatch_receiver_decisions_total`) are scraped like the rest. */
export function receiverPodMonitor(): PodMonitor {
  return partPodMonitor("receiver", { port: "http", interval: "15s" });
}

/** Only Alertmanager (its webhook) and Prometheus (its /metrics) reach the receiver. */
export function receiverNetworkPolicy(): NetworkPolicy {
  return ingressPolicy("receiver", [
    { port: ports.receiver, from: [monitoringPeer("alertmanager"), monitoringPeer("prometheus")] },
  ]);
}

/**
 * Routes the stop-worthy alerts to the receiver at once, one group per run, with the bearer token
 * from the Secret (the operator merges this into its Alertmanager's configuration).
 */
export function earlyStopAlertmanagerConfig(): AlertmanagerConfig {
  return new AlertmanagerConfig({
    metadata: { name: "trainwatch-early-stop", namespace, labels: monitoringLabels },
    spec: {
      route: {
        receiver: earlyStopRoute.receiver,
        matchers: [{ name: "alertname", matchType: "=~", value: stopAlerts.join("|") }],
        groupBy: [...earlyStopRoute.groupBy],
        groupWait: earlyStopRoute.groupWait,
        groupInterval: earlyStopRoute.groupInterval,
        repeatInterval: earlyStopRoute.repeatInterval,
      },
      receivers: [
        {
          name: earlyStopRoute.receiver,
          webhookConfigs: [
            {
              url: `http://${appNames.receiver}.${namespace}.svc:${ports.receiver}/alerts`,
              sendResolved: true,
              maxAlerts: 0,
              httpConfig: {
                authorization: {
                  type: "Bearer",
                  credentials: { name: settings.tokensSecret, key: "receiver-token" },
                },
              },
            },
          ],
        },
      ],
    },
  });
}

/**
 * The Pushgateway: final states of finished runs, persisted on a volume claim so a restarted or
 * rescheduled pod keeps them (`Recreate`: the volume mounts on one pod at a time; `fsGroup`
 * nobody, its image's user, so it can write a freshly provisioned volume).
 */
export function pushgatewayDeployment(image: string): Deployment {
  return partDeployment(
    "pushgateway",
    {
      name: "pushgateway",
      image,
      args: ["--persistence.file=/data/metrics.db", "--persistence.interval=30s"],
      ports: [{ name: "http", containerPort: ports.pushgateway }],
      volumeMounts: [{ name: "data", mountPath: "/data" }],
      resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "128Mi" } },
      readinessProbe: { httpGet: { path: "/-/ready", port: "http" }, periodSeconds: 10 },
    },
    [{ name: "data", persistentVolumeClaim: { claimName: appNames.pushgateway } }],
    { strategy: "Recreate", fsGroup: 65534 },
  );
}

/** The Pushgateway's volume: the cluster's default storage class, or a volume without one. */
export function pushgatewayVolumeClaim(): PersistentVolumeClaim {
  return new PersistentVolumeClaim({
    metadata: {
      name: appNames.pushgateway,
      namespace: settings.namespace,
      labels: labelsOf("pushgateway"),
    },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
  });
}

export function pushgatewayService(): Service {
  return partService("pushgateway", ports.pushgateway);
}

/** The pushed runs keep their own `job` and `task` labels. */
export function pushgatewayPodMonitor(): PodMonitor {
  return partPodMonitor("pushgateway", { port: "http", interval: "15s", honorLabels: true });
}

/** Only the trainers (their pushes) and Prometheus reach the Pushgateway. */
export function pushgatewayNetworkPolicy(): NetworkPolicy {
  return ingressPolicy("pushgateway", [
    {
      port: ports.pushgateway,
      from: [{ podSelector: selectorOf("trainer") }, monitoringPeer("prometheus")],
    },
  ]);
}
