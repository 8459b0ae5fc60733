import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Service } from "kubernetes-models/v1/Service";
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

/** PodMonitor fields of how Prometheus scrapes (Prometheus Operator 0.85's CRD). */
export interface PodMonitorScrape {
  /** The formats to negotiate, most wanted first, e.g. PrometheusProto for native histograms. */
  readonly scrapeProtocols?: readonly string[];
  /** Keep a histogram's classic buckets when its native form is scraped too. */
  readonly scrapeClassicHistograms?: boolean;
}

/** A PodMonitor scraping a part's pods on their port named `port`. */
export function partPodMonitor(
  part: Part,
  endpoint: { readonly port: string; readonly interval: string; readonly honorLabels?: boolean },
  name: string = appNames[part],
  scrape: PodMonitorScrape = {},
): PodMonitor {
  // @kubernetes-models' PodMonitor type predates `scrape`'s fields; the manifests test checks
  // them against the pinned operator's CRD schema.
  const spec = { selector: selectorOf(part), podMetricsEndpoints: [{ ...endpoint }], ...scrape };
  return new PodMonitor({
    metadata: { name, namespace: settings.namespace, labels: monitoringLabels },
    spec: spec as PodMonitor["spec"],
  });
}

type PodSpec = NonNullable<NonNullable<Deployment["spec"]>["template"]["spec"]>;

/** A part's Deployment: one replica of one container, its pods labelled as the part's. */
export function partDeployment(
  part: Part,
  container: PodSpec["containers"][number],
  volumes?: PodSpec["volumes"],
  options: { strategy?: "Recreate"; fsGroup?: number } = {},
): Deployment {
  return new Deployment({
    metadata: { name: appNames[part], namespace: settings.namespace, labels: labelsOf(part) },
    spec: {
      replicas: 1,
      selector: selectorOf(part),
      ...(options.strategy && { strategy: { type: options.strategy } }),
      template: {
        metadata: { labels: labelsOf(part) },
        spec: {
          ...(options.fsGroup !== undefined && { securityContext: { fsGroup: options.fsGroup } }),
          containers: [container],
          ...(volumes && { volumes }),
        },
      },
    },
  });
}

/** A part's Service: `port`, to its pods' port named `http`. */
export function partService(part: Part, port: number): Service {
  return new Service({
    metadata: { name: appNames[part], namespace: settings.namespace, labels: labelsOf(part) },
    spec: {
      selector: selectorOf(part).matchLabels,
      ports: [{ name: "http", port, targetPort: "http" }],
    },
  });
}
