import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { goModuleDir, goProgram } from "./go-tools.js";
import { kubernetesDir } from "./kubernetes-dir.js";
import { renderSchemas } from "./schemas/render-schemas.js";
import { schemaLocation, schemaSources, schemasDir } from "./schemas/schema-pins.js";

const kustomize = await goProgram("kustomize").catch((error: Error) => ({ skip: error.message }));
const kubeconform = await goProgram("kubeconform").catch((error: Error) => ({
  skip: error.message,
}));
const skip =
  "skip" in kustomize ? kustomize.skip : "skip" in kubeconform ? kubeconform.skip : undefined;
if (skip) console.log(`[deploy] kustomize/kubeconform checks skipped: ${skip}`);

const run = (tool: { path: string } | { skip: string }, args: string[]) =>
  execa((tool as { path: string }).path, args, { reject: false, all: true });

describe.skipIf(skip !== undefined)(
  `kustomize and kubeconform (Kubernetes ${schemaSources.kubernetes.version} OpenAPI, prometheus-operator ${schemaSources.prometheusOperator.version} CRDs)`,
  () => {
    const built: Record<string, string> = {};
    beforeAll(async () => {
      for (const folder of ["", "gpu", "tls"]) {
        const result = await run(kustomize, ["build", join(kubernetesDir, folder)]);
        if (result.exitCode !== 0) throw new Error(`kustomize build ${folder}: ${result.all}`);
        built[folder || "base"] = result.stdout;
      }
    });

    const validate = async (yaml: string) => {
      const file = join(mkdtempSync(join(tmpdir(), "trainwatch-kubeconform-")), "all.yaml");
      writeFileSync(file, yaml);
      return run(kubeconform, ["-strict", "-summary", "-schema-location", schemaLocation, file]);
    };

    it("builds `kubectl apply -k deploy/kubernetes` and its GPU overlay, which only adds the GPU", () => {
      const base = built.base as string;
      const gpu = built.gpu as string;
      expect(base.match(/^kind: /gm)).toHaveLength(23);
      expect(gpu.match(/^kind: /gm)).toHaveLength(23);
      expect(base).not.toContain('nvidia.com/gpu: "1"');
      expect(gpu).toContain('nvidia.com/gpu: "1"');
      expect(base).toContain("image: trainwatch:dev");
    });

    it.each([
      ["base", 23],
      ["gpu", 23],
      ["tls", 24],
    ])("validates every object of the %s build, strictly", async (folder, count) => {
      const result = await validate(built[folder] as string);
      console.log(`[deploy] kubeconform ${folder}: ${result.stdout.split("\n").at(-1)}`);
      expect(result.all).toContain(`Valid: ${count}, Invalid: 0, Errors: 0, Skipped: 0`);
      expect(result.exitCode).toBe(0);
    });

    it("builds the TLS overlay: every server on the Secret's web.yml, every caller showing its certificate", () => {
      const tls = built.tls as string;
      expect(tls.match(/- --web\.config\.file/g)).toHaveLength(3); // trainers, collector, receiver
      expect(tls.match(/^ {4}scheme: https$/gm)).toHaveLength(3); // their PodMonitors
      expect(tls.match(/secretName: trainwatch-tls/g)).toHaveLength(3);
      expect(tls).toContain("url: https://trainwatch-alert-receiver.trainwatch.svc:9095/alerts");
      expect(tls).toContain("- --trainer-server-name\n        - trainwatch-trainer");
      // The cost ConfigMap's mount keeps its place beside the new ones.
      expect(tls).toContain("mountPath: /etc/trainwatch\n");
      // The kubelet's probes show no client certificate: they check the port is open.
      expect(tls.match(/tcpSocket:/g)).toHaveLength(3);
    });

    it("refuses an unknown field, a misspelt monitor option and a port given as text", async () => {
      const broken = (built.base as string)
        .replace("completionMode: Indexed", "completionMode: Indexed\n  completionz: 2")
        .replace("honorLabels: true", "honourLabels: true")
        .replace("containerPort: 9401", 'containerPort: "9401"');
      const result = await validate(broken);
      expect(result.all).toContain("additional properties 'completionz' not allowed");
      expect(result.all).toContain("additional properties 'honourLabels' not allowed");
      expect(result.all).toMatch(/containerPort': got string, want integer/);
      expect(result.all).toContain("Invalid: 3");
    });
  },
);

/** Every committed file under deploy/schemas, by its path there. */
function committed(dir = schemasDir): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? Object.entries(committed(join(dir, entry.name)))
        : [
            [
              relative(schemasDir, join(dir, entry.name)),
              readFileSync(join(dir, entry.name), "utf8"),
            ],
          ],
    ),
  );
}

describe("deploy/schemas", () => {
  it("is what the pinned sources convert to (regenerate with `pnpm --filter @trainwatch/deploy generate:schemas`)", async (context) => {
    if ((await execa("go", ["version"], { reject: false })).exitCode !== 0)
      return context.skip("no Go toolchain here to read the pinned modules");
    // From Go's module cache, else the module proxy (on a fresh machine the cache has neither yet).
    const fresh = await renderSchemas((source) => goModuleDir(source));
    expect(Object.keys(committed()).sort()).toEqual(Object.keys(fresh).sort());
    for (const [path, text] of Object.entries(fresh)) expect(committed()[path], path).toBe(text);
  }, 300_000);
});
