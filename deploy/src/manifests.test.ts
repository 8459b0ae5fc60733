import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promtoolBinary, testedBinaries } from "@trainwatch/native-services";
import { rulesDir } from "@trainwatch/prometheus-config";
import { execa } from "execa";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { kubernetesDir } from "./kubernetes-dir.js";
import { generatedHeader, renderManifests } from "./render-manifests.js";

const rendered = renderManifests();

/** Every committed file under deploy/kubernetes, by its path there. */
function committedFiles(dir = kubernetesDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? committedFiles(join(dir, entry.name))
      : [relative(kubernetesDir, join(dir, entry.name))],
  );
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are read back as plain YAML
  spec?: any;
}

/** The objects `kubectl apply -k deploy/kubernetes` applies (base/'s resources). */
const objects: K8sObject[] = (
  parse(rendered["base/kustomization.yaml"] as string) as { resources: string[] }
).resources.flatMap((file) =>
  parseAllDocuments(rendered[`base/${file}`] as string).map((d) => d.toJS() as K8sObject),
);
const find = (kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};

describe("deploy/kubernetes", () => {
  it("is what deploy/src generates (regenerate with `pnpm --filter @trainwatch/deploy generate`)", () => {
    expect(committedFiles().sort()).toEqual(Object.keys(rendered).sort());
    for (const [file, text] of Object.entries(rendered))
      expect(readFileSync(join(kubernetesDir, file), "utf8"), file).toBe(text);
  });

  it("refuses, at generation, an object its model's schema rejects", () => {
    const broken = new Deployment({
      metadata: { name: "x" },
      spec: {
        selector: {},
        template: {
          spec: {
            containers: [{ name: "c", ports: [{ containerPort: "9400" as unknown as number }] }],
          },
        },
      },
    });
    expect(() => broken.validate()).toThrow(/containerPort must be integer/);
  });

  it("carries prometheus/rules/*.yml as PrometheusRule objects, group for group", () => {
    for (const file of ["training.yml", "gpu.yml", "pipeline.yml"]) {
      const committed = parse(readFileSync(join(rulesDir, file), "utf8")) as { groups: unknown };
      const rule = find("PrometheusRule", `trainwatch-${file.replace(/\.yml$/, "")}`);
      expect(rule.spec.groups, file).toEqual(committed.groups);
    }
  });

  it("routes exactly the early-stop receiver's alerts, as alertmanager.yml does", () => {
    const alertmanager = parse(
      readFileSync(join(rulesDir, "..", "alertmanager", "alertmanager.yml"), "utf8"),
    ) as { routes?: unknown; route: { routes: { receiver: string; matchers: string[] }[] } };
    const earlyStop = alertmanager.route.routes.find((r) => r.receiver === "early-stop");
    const route = find("AlertmanagerConfig", "trainwatch-early-stop").spec.route;
    expect(`alertname=~"${route.matchers[0].value}"`).toBe(earlyStop?.matchers[0]);
  });

  it("names no secret value: every token comes from a Secret reference", () => {
    const text = Object.values(rendered).join("\n");
    expect(text).not.toMatch(/token["']?\s*:\s*["']?[0-9a-f]{16,}/i);
    // The trainers' control token, the receiver's two, Alertmanager's bearer for the receiver.
    expect(text.match(/secretKeyRef:|credentials:/g)).toHaveLength(4);
    for (const file of Object.keys(rendered))
      expect(rendered[file]?.startsWith(generatedHeader), file).toBe(true);
  });
});

/** Whether a label selector (matchLabels and matchExpressions) selects these labels. */
function selects(
  selector: {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  },
  labels: Record<string, string>,
): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values }) =>
    operator === "In"
      ? values?.includes(labels[key] as string)
      : operator === "NotIn"
        ? !values?.includes(labels[key] as string)
        : operator === "Exists"
          ? key in labels
          : !(key in labels),
  );
  return byLabel && byExpression;
}

/** Each workload's pod labels, by `Kind/name`. */
const pods = Object.fromEntries(
  objects
    .filter((o) => ["Job", "Deployment", "DaemonSet"].includes(o.kind))
    .map((o) => [`${o.kind}/${o.metadata.name}`, o.spec.template.metadata.labels ?? {}]),
);
const selected = (selector: Parameters<typeof selects>[0]) =>
  Object.entries(pods)
    .filter(([, labels]) => selects(selector, labels))
    .map(([name]) => name)
    .sort();

describe("label selectors", () => {
  it("of each workload match its own pods and no other's", () => {
    for (const o of objects.filter((x) => ["Deployment", "DaemonSet"].includes(x.kind)))
      expect(selected(o.spec.selector), `${o.kind}/${o.metadata.name}`).toEqual([
        `${o.kind}/${o.metadata.name}`,
      ]);
  });

  it.each([
    ["Service", "trainwatch-alert-receiver", ["Deployment/trainwatch-alert-receiver"]],
    ["Service", "trainwatch-pushgateway", ["Deployment/trainwatch-pushgateway"]],
    ["PodMonitor", "trainwatch-trainers", ["Job/mnist-mlp"]],
    ["PodMonitor", "trainwatch-gpu-collector", ["DaemonSet/trainwatch-gpu-collector"]],
    ["PodMonitor", "trainwatch-alert-receiver", ["Deployment/trainwatch-alert-receiver"]],
    ["PodMonitor", "trainwatch-pushgateway", ["Deployment/trainwatch-pushgateway"]],
    ["NetworkPolicy", "trainwatch-trainer", ["Job/mnist-mlp"]],
    ["NetworkPolicy", "trainwatch-gpu-collector", ["DaemonSet/trainwatch-gpu-collector"]],
    ["NetworkPolicy", "trainwatch-alert-receiver", ["Deployment/trainwatch-alert-receiver"]],
    ["NetworkPolicy", "trainwatch-pushgateway", ["Deployment/trainwatch-pushgateway"]],
  ])("of %s %s match %j", (kind, name, expected) => {
    const o = find(kind, name);
    const selector =
      kind === "Service"
        ? { matchLabels: o.spec.selector }
        : kind === "NetworkPolicy"
          ? o.spec.podSelector
          : o.spec.selector;
    expect(selected(selector)).toEqual(expected);
  });

  it("let only Prometheus reach the trainers' /metrics and only the receiver their control port", () => {
    /** Each ingress rule of a policy as `port ← peers`. */
    const rules = (policy: string) =>
      find("NetworkPolicy", policy).spec.ingress.map(
        (rule: {
          from: { podSelector?: Parameters<typeof selects>[0]; namespaceSelector?: unknown }[];
          ports: { port: number }[];
        }) =>
          `${rule.ports.map((p) => p.port).join(",")} ← ${rule.from
            .map((peer) =>
              peer.namespaceSelector
                ? `monitoring/${peer.podSelector?.matchLabels?.["app.kubernetes.io/name"]}`
                : selected(peer.podSelector ?? {}).join(","),
            )
            .join(" ")}`,
      );
    expect(rules("trainwatch-trainer")).toEqual([
      "9400 ← monitoring/prometheus",
      "9402 ← Deployment/trainwatch-alert-receiver",
    ]);
    expect(rules("trainwatch-pushgateway")).toEqual(["9091 ← Job/mnist-mlp monitoring/prometheus"]);
    expect(rules("trainwatch-alert-receiver")).toEqual([
      "9095 ← monitoring/alertmanager monitoring/prometheus",
    ]);
    expect(rules("trainwatch-gpu-collector")).toEqual(["9401 ← monitoring/prometheus"]);
    const trainer = find("Job", "mnist-mlp").spec.template.spec.containers[0];
    expect(trainer.args.join(" ")).toContain("--metrics-port 9400 --control-port 9402");
  });

  it("point every container port a probe, monitor or Service names at a port the pods declare", () => {
    const portNames = (workload: string) =>
      (
        find(...(workload.split("/") as [string, string])).spec.template.spec.containers as {
          ports: { name: string }[];
        }[]
      ).flatMap((c) => c.ports.map((p) => p.name));
    for (const [monitor, workload] of [
      ["trainwatch-trainers", "Job/mnist-mlp"],
      ["trainwatch-gpu-collector", "DaemonSet/trainwatch-gpu-collector"],
      ["trainwatch-alert-receiver", "Deployment/trainwatch-alert-receiver"],
      ["trainwatch-pushgateway", "Deployment/trainwatch-pushgateway"],
    ] as const)
      for (const endpoint of find("PodMonitor", monitor).spec.podMetricsEndpoints)
        expect(portNames(workload), monitor).toContain(endpoint.port);
  });
});

const promtools = await testedBinaries(promtoolBinary);

describe.each(promtools)("with $label", ({ path }) => {
  const work = mkdtempSync(join(tmpdir(), "trainwatch-deploy-"));

  it("passes promtool check rules on the rule groups inside the PrometheusRule objects", async () => {
    const files = objects
      .filter((o) => o.kind === "PrometheusRule")
      .map((o) => {
        const file = join(work, `${o.metadata.name}.yml`);
        writeFileSync(file, JSON.stringify({ groups: o.spec.groups }));
        return file;
      });
    expect(files).toHaveLength(3);
    const result = await execa(path, ["check", "rules", ...files], { reject: false, all: true });
    expect(result.all).not.toContain("FAILED");
    expect(result.exitCode).toBe(0);
  });

  it("passes promtool check config on the scrape configs for a Prometheus without the operator", async (context) => {
    const file = join(work, "prometheus.yml");
    writeFileSync(file, rendered["without-operator/scrape-configs.yaml"] as string);
    const result = await execa(path, ["check", "config", file], { reject: false, all: true });
    // Debian's build leaves Kubernetes discovery out ("field kubernetes_sd_configs not found").
    if (result.all?.includes("field kubernetes_sd_configs not found"))
      context.skip("this promtool is built without Kubernetes service discovery (Debian's)");
    expect(result.all).toContain("SUCCESS");
    expect(result.exitCode).toBe(0);
  });
});
