import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import {
  appNames,
  labelsOf,
  monitoringLabels,
  type Part,
  selectorOf,
  settings,
} from "./deploy-settings.js";

type Peer = NonNullable<
  NonNullable<NonNullable<NetworkPolicy["spec"]>["ingress"]>[number]["from"]
>[number];

/** A part's NetworkPolicy: its pods take traffic only on these ports, from these peers. */
export function ingressPolicy(
  part: Part,
  rules: readonly { readonly port: number; readonly from: readonly Peer[] }[],
): NetworkPolicy {
  return new NetworkPolicy({
    metadata: { name: appNames[part], namespace: settings.namespace, labels: labelsOf(part) },
    spec: {
      podSelector: selectorOf(part),
      policyTypes: ["Ingress"],
      ingress: rules.map(({ port, from }) => ({
        from: [...from],
        ports: [{ protocol: "TCP", port }],
      })),
    },
  });
}

/** A PodMonitor scraping a part's pods on their port named `port`. */
export function partPodMonitor(
  part: Part,
  endpoint: { readonly port: string; readonly interval: string; readonly honorLabels?: boolean },
  name: string = appNames[part],
): PodMonitor {
  return new PodMonitor({
    metadata: { name, namespace: settings.namespace, labels: monitoringLabels },
    spec: { selector: selectorOf(part), podMetricsEndpoints: [{ ...endpoint }] },
  });
}
