import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { appNames, settings } from "./deploy-settings.js";

/** The Secret a cert-manager `Certificate` (`secretName: trainwatch-tls`) writes, with its keys. */
export const tlsSecret = { name: "trainwatch-tls", cert: "tls.crt", key: "tls.key", ca: "ca.crt" };

const tlsDir = "/etc/trainwatch-tls";
const webDir = "/etc/trainwatch-web";
const webConfigMapName = "trainwatch-web-config";

/** The web.yml every trainwatch server of the overlay reads: the Secret's certificate, verified clients only. */
export function webConfigMap(): ConfigMap {
  return new ConfigMap({
    metadata: { name: webConfigMapName, namespace: settings.namespace },
    data: {
      "web.yml": [
        "# exporter-toolkit's web.yml: HTTPS with the cert-manager Secret, verified client certificates only.",
        "tls_server_config:",
        `  cert_file: ${tlsDir}/${tlsSecret.cert}`,
        `  key_file: ${tlsDir}/${tlsSecret.key}`,
        "  client_auth_type: RequireAndVerifyClientCert",
        `  client_ca_file: ${tlsDir}/${tlsSecret.ca}`,
        "  min_version: TLS12",
        "",
      ].join("\n"),
    },
  });
}

type Op = { op: "add" | "replace"; path: string; value: unknown };

/** Mounts the Secret and the web.yml into a pod's first container and starts it with them. */
function serveTls(hasVolumes: boolean, port: string, extraArgs: readonly string[] = []): Op[] {
  const volumes = [
    { name: "tls", secret: { secretName: tlsSecret.name } },
    { name: "web-config", configMap: { name: webConfigMapName } },
  ];
  const container = "/spec/template/spec/containers/0";
  const mounts = [
    { name: "tls", mountPath: tlsDir, readOnly: true },
    { name: "web-config", mountPath: webDir, readOnly: true },
  ];
  return [
    ...(hasVolumes
      ? volumes.map((value) => ({
          op: "add" as const,
          path: "/spec/template/spec/volumes/-",
          value,
        }))
      : [{ op: "add" as const, path: "/spec/template/spec/volumes", value: volumes }]),
    // Appended where the pod has volumes (and its container mounts) already, else created; beside
    // /etc/trainwatch, not in it: the collector mounts its cost ConfigMap there, read-only.
    ...(hasVolumes
      ? mounts.map((value) => ({ op: "add" as const, path: `${container}/volumeMounts/-`, value }))
      : [{ op: "add" as const, path: `${container}/volumeMounts`, value: mounts }]),
    ...["--web.config.file", `${webDir}/web.yml`, ...extraArgs].map((value) => ({
      op: "add" as const,
      path: `${container}/args/-`,
      value,
    })),
    // The kubelet shows no client certificate: an open port is what it can check.
    {
      op: "replace",
      path: `${container}/readinessProbe`,
      value: { tcpSocket: { port }, periodSeconds: 10 },
    },
  ];
}

/** The operator's TLS settings of a client that shows the Secret's certificate and trusts its CA. */
const secretTlsConfig = {
  ca: { secret: { name: tlsSecret.name, key: tlsSecret.ca } },
  cert: { secret: { name: tlsSecret.name, key: tlsSecret.cert } },
  keySecret: { name: tlsSecret.name, key: tlsSecret.key },
};

/** Prometheus scrapes the part over HTTPS, showing the Secret's certificate and checking `serverName`. */
const scrapeTls = (serverName: string): Op[] => [
  { op: "add", path: "/spec/podMetricsEndpoints/0/scheme", value: "https" },
  {
    op: "add",
    path: "/spec/podMetricsEndpoints/0/tlsConfig",
    value: { ...secretTlsConfig, serverName },
  },
];

const target = (group: string, kind: string, name: string, version = "v1") => ({
  ...(group && { group }),
  version,
  kind,
  name,
});

/**
 * The `tls/` overlay's patches: the trainers (metrics and control port), the GPU collector and
 * the receiver serve HTTPS from the `trainwatch-tls` Secret and require verified client
 * certificates; Prometheus scrapes them with it, Alertmanager calls the receiver with it, the
 * receiver stops trainers with it (their pod IPs are dialled: the name checked is the trainers').
 */
export function tlsPatches(): { target: ReturnType<typeof target>; patch: Op[] }[] {
  const receiverArgs = [
    ...["--trainer-scheme", "https", "--trainer-server-name", appNames.trainer],
    ...["--trainer-ca-file", `${tlsDir}/${tlsSecret.ca}`],
    ...["--trainer-cert-file", `${tlsDir}/${tlsSecret.cert}`],
    ...["--trainer-key-file", `${tlsDir}/${tlsSecret.key}`],
  ];
  const monitoringGroup = "monitoring.coreos.com";
  return [
    { target: target("batch", "Job", "mnist-mlp"), patch: serveTls(false, "metrics") },
    {
      target: target("apps", "DaemonSet", appNames.gpuCollector),
      patch: serveTls(true, "metrics"),
    },
    {
      target: target("apps", "Deployment", appNames.receiver),
      patch: serveTls(false, "http", receiverArgs),
    },
    {
      target: target(monitoringGroup, "PodMonitor", "trainwatch-trainers"),
      patch: scrapeTls(appNames.trainer),
    },
    {
      target: target(monitoringGroup, "PodMonitor", appNames.gpuCollector),
      patch: scrapeTls(appNames.gpuCollector),
    },
    {
      target: target(monitoringGroup, "PodMonitor", appNames.receiver),
      patch: scrapeTls(appNames.receiver),
    },
    {
      target: target(monitoringGroup, "AlertmanagerConfig", "trainwatch-early-stop", "v1alpha1"),
      patch: [
        {
          op: "replace",
          path: "/spec/receivers/0/webhookConfigs/0/url",
          value: `https://${appNames.receiver}.${settings.namespace}.svc:${settings.ports.receiver}/alerts`,
        },
        {
          op: "add",
          path: "/spec/receivers/0/webhookConfigs/0/httpConfig/tlsConfig",
          value: secretTlsConfig,
        },
      ],
    },
  ];
}
