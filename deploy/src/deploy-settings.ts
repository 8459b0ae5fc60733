/**
 * The names the manifests share, in one place: where trainwatch runs, where the Prometheus
 * Operator's stack runs (kube-prometheus-stack's defaults), and how its pods are labelled.
 */
export const settings = {
  /** trainwatch's own namespace: trainers, GPU collector, receiver, Pushgateway. */
  namespace: "trainwatch",
  /** kube-prometheus-stack's namespace: its Prometheus, Alertmanager and Grafana run there. */
  monitoringNamespace: "monitoring",
  /** The label kube-prometheus-stack's Prometheus selects monitors and rules by (its Helm release). */
  release: "kube-prometheus-stack",
  /** The Prometheus the operator runs: its governing Service is `prometheus-operated`. */
  prometheusUrl: "http://prometheus-operated.monitoring.svc:9090",
  /** The image the trainer, GPU collector and receiver run (./Dockerfile); kustomize's `images` sets it. */
  image: "trainwatch:dev",
  /** The Secret with the shared bearer tokens (made by the operator of the cluster, never here). */
  tokensSecret: "trainwatch-tokens",
  ports: {
    trainer: 9400,
    /** The trainers' `POST /control/stop`, on a port of its own for the network policy. */
    trainerControl: 9402,
    gpuCollector: 9401,
    pushgateway: 9091,
    receiver: 9095,
  },
} as const;

/** `app.kubernetes.io/name` of each part: what selectors, monitors and policies match on. */
export const appNames = {
  trainer: "trainwatch-trainer",
  gpuCollector: "trainwatch-gpu-collector",
  receiver: "trainwatch-alert-receiver",
  pushgateway: "trainwatch-pushgateway",
} as const;

export type Part = keyof typeof appNames;

/** The labels of one part's pods (and of its objects). */
export const labelsOf = (part: Part) => ({
  "app.kubernetes.io/name": appNames[part],
  "app.kubernetes.io/part-of": "trainwatch",
});

/** The selector that picks one part's pods: its name alone. */
export const selectorOf = (part: Part) => ({
  matchLabels: { "app.kubernetes.io/name": appNames[part] },
});

/** Labels kube-prometheus-stack's Prometheus needs to pick up a monitor or a rule. */
export const monitoringLabels = {
  "app.kubernetes.io/part-of": "trainwatch",
  release: settings.release,
};

/** kube-prometheus-stack's Prometheus and Alertmanager pods, as a NetworkPolicy peer. */
export const monitoringPeer = (name: "prometheus" | "alertmanager") => ({
  namespaceSelector: {
    matchLabels: { "kubernetes.io/metadata.name": settings.monitoringNamespace },
  },
  podSelector: { matchLabels: { "app.kubernetes.io/name": name } },
});
