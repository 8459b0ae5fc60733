import { readFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { type KubeObject, serverSideApply } from "./apiserver/dry-run-apply.js";
import { type ApiServer, startApiServer } from "./apiserver/start-api-server.js";
import { goModuleDir, goProgram } from "./go-tools.js";
import { kubernetesDir } from "./kubernetes-dir.js";
import { schemaSources } from "./schemas/schema-pins.js";

const programs = [
  await goProgram("kube-apiserver"),
  await goProgram("etcd"),
  await goProgram("kustomize"),
] as const;
const [apiServer, etcd, kustomize] = programs;
const skip = programs.map((p) => ("skip" in p ? p.skip : undefined)).find(Boolean);
if (skip) console.log(`[deploy] server-side dry run skipped: ${skip}`);

/** The objects `kustomize build <folder>` makes. */
async function build(folder: string): Promise<KubeObject[]> {
  const { stdout } = await execa((kustomize as { path: string }).path, [
    "build",
    join(kubernetesDir, folder),
  ]);
  return parseAllDocuments(stdout).map((d) => d.toJS() as KubeObject);
}

/** The operator release's CRDs of the kinds deploy/kubernetes uses, from its Go module (Go's cache, else the module proxy). */
async function crds(kinds: readonly string[]): Promise<KubeObject[]> {
  const dir = join(
    await goModuleDir(schemaSources.prometheusOperator),
    "example",
    "prometheus-operator-crd",
  );
  return kinds.map(
    (kind) =>
      parse(
        readFileSync(join(dir, `monitoring.coreos.com_${kind.toLowerCase()}s.yaml`), "utf8"),
      ) as KubeObject,
  );
}

describe.skipIf(skip !== undefined)(
  `a server-side dry run on Kubernetes ${schemaSources.kubernetes.version}'s API server (etcd, no nodes), with prometheus-operator ${schemaSources.prometheusOperator.version}'s CRDs`,
  () => {
    let server: ApiServer;
    let base: KubeObject[];

    beforeAll(async () => {
      server = await startApiServer({
        apiServer: (apiServer as { path: string }).path,
        etcd: (etcd as { path: string }).path,
      });
      base = await build("");
      const operatorKinds = [
        ...new Set(
          base.filter((o) => o.apiVersion.startsWith("monitoring.coreos.com/")).map((o) => o.kind),
        ),
      ];
      // What the cluster has before trainwatch comes: the operator's CRDs and the monitoring namespace.
      const setUp = await serverSideApply(
        server,
        [
          ...(await crds(operatorKinds)),
          { apiVersion: "v1", kind: "Namespace", metadata: { name: "monitoring" } },
          { apiVersion: "v1", kind: "Namespace", metadata: { name: "trainwatch" } },
        ],
        { dryRun: false },
      );
      expect(setUp.filter((r) => r.status >= 300)).toEqual([]);
      await waitFor(
        async () => {
          const answer = await server.call("GET", "/apis/monitoring.coreos.com/v1alpha1");
          return answer.status === 200 && answer.body.includes('"AlertmanagerConfig"');
        },
        { what: "the operator's CRDs to be served", timeoutMs: 30_000, intervalMs: 500 },
      );
    }, 180_000);

    afterAll(async () => {
      await server?.stop();
    });

    it.each([
      ["", 23],
      ["gpu", 23],
      ["tls", 24],
    ])("accepts every object of `kubectl apply -k deploy/kubernetes/%s`", async (folder, count) => {
      const objects = folder === "" ? base : await build(folder);
      const results = await serverSideApply(server, objects, { dryRun: true });
      console.log(
        `[deploy] server-side dry run of deploy/kubernetes/${folder}: ${results.filter((r) => r.status < 300).length} of ${results.length} objects accepted`,
      );
      expect(results.filter((r) => r.status >= 300)).toEqual([]);
      expect(results).toHaveLength(count);
    });

    it("refuses what only the server checks: a Deployment whose selector misses its pods", async () => {
      const receiver = structuredClone(
        base.find(
          (o) => o.kind === "Deployment" && o.metadata.name === "trainwatch-alert-receiver",
        ),
      ) as KubeObject & { spec: { template: { metadata: { labels: Record<string, string> } } } };
      receiver.spec.template.metadata.labels["app.kubernetes.io/name"] = "something-else";
      const [result] = await serverSideApply(server, [receiver], { dryRun: true });
      expect(result?.status).toBe(422);
      expect(result?.message).toContain("`selector` does not match template `labels`");
    });
  },
);
