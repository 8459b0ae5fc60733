import { readFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import { goModuleDir, goProgram } from "@trainwatch/deploy/go-tools";
import { schemaSources } from "@trainwatch/deploy/schema-pins";
import type { Log } from "../containers/build-offline-images.js";
import { applyOperatorCrds } from "./apply-manifests.js";
import { offlineProgramImage } from "./cluster-images.js";
import type { LocalCluster } from "./start-local-cluster.js";

/** The images of the operator-managed Prometheus and Alertmanager (the offline set's). */
export interface MonitoringImages {
  /** e.g. trainwatch-offline/prometheus:…, with its release. */
  readonly prometheus: { readonly image: string; readonly version: string };
  readonly alertmanager: { readonly image: string; readonly version: string };
}

/** What runs: the operator's Prometheus and Alertmanager, by their pods' addresses. */
export interface MonitoringStack {
  readonly prometheusUrl: string;
  readonly alertmanagerUrl: string;
  /** The release label its Prometheus and Alertmanager select monitors, rules and configs by. */
  readonly release: string;
}

const release = "kube-prometheus-stack";

/** An object as kubectl reads it: JSON is YAML. */
const manifest = (objects: readonly object[]) =>
  objects.map((o) => JSON.stringify(o)).join("\n---\n");

/**
 * The monitoring a team's cluster has before it applies deploy/kubernetes, as kube-prometheus-stack
 * sets it up: the Prometheus Operator (its release's own example Deployment and RBAC, in
 * `default`), and in `monitoring` a Prometheus and an Alertmanager that select PodMonitors,
 * PrometheusRules and AlertmanagerConfigs labelled `release: kube-prometheus-stack` from every
 * namespace. The Alertmanager takes the configs as written (`alertmanagerConfigMatcherStrategy:
 * None`), as docs/kubernetes.md asks. Images from the offline set (the operator's and its config
 * reloader's are built from their Go module); scrape and rule intervals of 5 s.
 */
export async function installMonitoringStack(
  cluster: LocalCluster,
  images: MonitoringImages,
  log: Log,
): Promise<MonitoringStack> {
  const program = async (name: "prometheus-operator" | "prometheus-config-reloader") => {
    const built = await goProgram(name, log);
    if ("skip" in built) throw new Error(built.skip);
    return offlineProgramImage(
      name,
      built.path,
      `${name} ${schemaSources.prometheusOperator.version}`,
      log,
    );
  };
  const operatorImage = await program("prometheus-operator");
  const reloaderImage = await program("prometheus-config-reloader");
  await cluster.importImages([
    operatorImage,
    reloaderImage,
    images.prometheus.image,
    images.alertmanager.image,
  ]);
  await applyOperatorCrds(cluster);

  const version = schemaSources.prometheusOperator.version;
  const example = join(
    await goModuleDir(schemaSources.prometheusOperator),
    "example",
    "rbac",
    "prometheus-operator",
  );
  const operator = [
    "service-account",
    "cluster-role",
    "cluster-role-binding",
    "deployment",
    "service",
  ]
    .map((part) => readFileSync(join(example, `prometheus-operator-${part}.yaml`), "utf8"))
    .join("\n---\n")
    .replaceAll(`quay.io/prometheus-operator/prometheus-operator:${version}`, operatorImage)
    .replaceAll(`quay.io/prometheus-operator/prometheus-config-reloader:${version}`, reloaderImage);
  await cluster.kubectl(["apply", "-f", "-"], operator);
  await cluster.kubectl([
    ...["rollout", "status", "deployment/prometheus-operator", "--timeout=120s"],
  ]);

  const selector = { matchLabels: { release } };
  await cluster.kubectl(
    ["apply", "-f", "-"],
    manifest([
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "monitoring" } },
      {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: "prometheus", namespace: "monitoring" },
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "trainwatch-harness-prometheus" },
        rules: [
          {
            apiGroups: [""],
            resources: ["nodes", "nodes/metrics", "services", "endpoints", "pods"],
            verbs: ["get", "list", "watch"],
          },
          {
            apiGroups: ["discovery.k8s.io"],
            resources: ["endpointslices"],
            verbs: ["get", "list", "watch"],
          },
          { nonResourceURLs: ["/metrics"], verbs: ["get"] },
        ],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "trainwatch-harness-prometheus" },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "ClusterRole",
          name: "trainwatch-harness-prometheus",
        },
        subjects: [{ kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" }],
      },
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "Prometheus",
        metadata: { name: `${release}-prometheus`, namespace: "monitoring" },
        spec: {
          ...images.prometheus,
          replicas: 1,
          serviceAccountName: "prometheus",
          scrapeInterval: "5s",
          evaluationInterval: "5s",
          podMonitorSelector: selector,
          podMonitorNamespaceSelector: {},
          serviceMonitorSelector: selector,
          serviceMonitorNamespaceSelector: {},
          ruleSelector: selector,
          ruleNamespaceSelector: {},
          alerting: {
            alertmanagers: [
              { namespace: "monitoring", name: "alertmanager-operated", port: "web" },
            ],
          },
          resources: { requests: { cpu: "50m", memory: "200Mi" } },
        },
      },
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "Alertmanager",
        metadata: { name: `${release}-alertmanager`, namespace: "monitoring" },
        spec: {
          ...images.alertmanager,
          replicas: 1,
          alertmanagerConfigSelector: selector,
          alertmanagerConfigNamespaceSelector: {},
          alertmanagerConfigMatcherStrategy: { type: "None" },
          resources: { requests: { cpu: "20m", memory: "64Mi" } },
        },
      },
    ]),
  );
  const podUrl = async (name: string, port: number) => {
    const ip = await waitFor(
      async () =>
        (await cluster.kubectl([
          "-n",
          "monitoring",
          "get",
          "pod",
          name,
          "-o",
          "jsonpath={.status.podIP}",
        ])) || undefined,
      { what: `the operator's pod ${name}`, timeoutMs: 120_000, intervalMs: 1000 },
    );
    return `http://${ip}:${port}`;
  };
  const prometheusUrl = await podUrl(`prometheus-${release}-prometheus-0`, 9090);
  const alertmanagerUrl = await podUrl(`alertmanager-${release}-alertmanager-0`, 9093);
  for (const url of [`${prometheusUrl}/-/ready`, `${alertmanagerUrl}/-/ready`])
    await waitFor(async () => (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok, {
      what: url,
      timeoutMs: 180_000,
      intervalMs: 1000,
    });
  return { prometheusUrl, alertmanagerUrl, release };
}
