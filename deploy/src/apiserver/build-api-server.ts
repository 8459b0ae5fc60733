import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultCacheRoot } from "@trainwatch/native-services";
import { execa } from "execa";

/** The wrapper Go modules (deploy/go/) and what each builds. */
const programs = {
  "kube-apiserver": {
    module: "kube-apiserver",
    pkg: "k8s.io/kubernetes/cmd/kube-apiserver",
    version: "1.34.4",
  },
  etcd: { module: "etcd", pkg: ".", version: "3.6.4" },
} as const;

const goDir = fileURLToPath(new URL("../../go/", import.meta.url));

/**
 * Builds (once; `~/.cache/trainwatch/bin/<name>-<version>/`) the Kubernetes API server and etcd
 * from deploy/go's wrapper modules, or says why it cannot (no Go toolchain here).
 */
export async function buildApiServer(): Promise<
  { apiServer: string; etcd: string } | { skip: string }
> {
  const paths: Record<string, string> = {};
  for (const [name, { module, pkg, version }] of Object.entries(programs)) {
    const path = join(defaultCacheRoot(), "bin", `${name}-${version}`, name);
    paths[name] = path;
    if (existsSync(path)) continue;
    if ((await execa("go", ["version"], { reject: false })).exitCode !== 0)
      return { skip: `no Go toolchain here to build ${name} ${version}` };
    const built = await execa("go", ["build", "-trimpath", "-o", path, pkg], {
      cwd: join(goDir, module),
      env: { GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local", CGO_ENABLED: "0" },
      reject: false,
      all: true,
    });
    if (built.exitCode !== 0)
      throw new Error(`building ${name} failed:\n${built.all?.split("\n").slice(-15).join("\n")}`);
  }
  return { apiServer: paths["kube-apiserver"] as string, etcd: paths.etcd as string };
}
