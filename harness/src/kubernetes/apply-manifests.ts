import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { goModuleDir } from "@trainwatch/deploy/go-tools";
import { kubernetesDir } from "@trainwatch/deploy/kubernetes-dir";
import { schemaSources } from "@trainwatch/deploy/schema-pins";
import { fastRulesDir } from "@trainwatch/prometheus-config";
import { parse } from "yaml";
import type { LocalCluster } from "./start-local-cluster.js";

/**
 * Installs the Prometheus Operator's CRDs of the release deploy/ is checked against, from its Go
 * module (server-side: the largest exceed client-side apply's annotation limit).
 */
export async function applyOperatorCrds(cluster: LocalCluster): Promise<string[]> {
  const dir = join(
    await goModuleDir(schemaSources.prometheusOperator),
    "example",
    "prometheus-operator-crd",
  );
  await cluster.kubectl(["apply", "--server-side", "-f", dir]);
  await cluster.kubectl([
    "wait",
    "--for=condition=Established",
    "--timeout=60s",
    ...readdirSync(dir).map(
      (file) =>
        `crd/${file.replace(/^monitoring\.coreos\.com_/, "").replace(/\.yaml$/, "")}.monitoring.coreos.com`,
    ),
  ]);
  return readdirSync(dir);
}

/** A kustomize overlay of deploy/kubernetes, as a team writes one for its cluster. */
export interface Overlay {
  /** `images:` entries: which image stands for which, e.g. trainwatch → trainwatch:e2e. */
  readonly images: readonly { name: string; newName: string; newTag?: string }[];
  /** Strategic-merge or JSON patches (`patches:` entries, inline). */
  readonly patches?: readonly { target?: Record<string, string>; patch: string }[];
}

/**
 * `kubectl apply -k` of deploy/kubernetes through an overlay written in a temporary folder (the
 * kustomize built into kubectl); resolves with kubectl's output (one line per object).
 */
export async function applyTrainwatch(cluster: LocalCluster, overlay: Overlay): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "trainwatch-overlay-"));
  writeFileSync(
    join(dir, "kustomization.yaml"),
    JSON.stringify(
      {
        apiVersion: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        resources: [relative(dir, kubernetesDir)],
        images: overlay.images,
        patches: overlay.patches ?? [],
      },
      null,
      2,
    ),
  );
  return cluster.kubectl(["apply", "--server-side", "-k", dir]);
}

/**
 * Patches giving deploy/kubernetes the timing of the compose demo and the native stack: the
 * PrometheusRules get prometheus/rules-fast's groups (the same rules, windows and `for` in
 * seconds), and the trainers and GPU collector are scraped every second, as prometheus.yml
 * scrapes them (a 10 s rate window needs more than the manifests' 5 s scrapes). A test sees
 * alerts within a minute.
 */
export function fastTimingPatches(): NonNullable<Overlay["patches"]> {
  const rules = readdirSync(fastRulesDir)
    .filter((file) => file.endsWith(".yml"))
    .map((file) => ({
      target: { kind: "PrometheusRule", name: `trainwatch-${file.replace(/\.yml$/, "")}` },
      patch: JSON.stringify([
        {
          op: "replace",
          path: "/spec/groups",
          value: (parse(readFileSync(join(fastRulesDir, file), "utf8")) as { groups: unknown[] })
            .groups,
        },
      ]),
    }));
  const scrapes = ["trainwatch-trainers", "trainwatch-gpu-collector"].map((name) => ({
    target: { kind: "PodMonitor", name },
    patch: JSON.stringify([
      { op: "replace", path: "/spec/podMetricsEndpoints/0/interval", value: "1s" },
      { op: "add", path: "/spec/podMetricsEndpoints/0/scrapeTimeout", value: "1s" },
    ]),
  }));
  return [...rules, ...scrapes];
}
