import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultCacheRoot } from "@trainwatch/native-services";
import { execa } from "execa";

/**
 * The Go programs the manifests are checked with, pinned (each builds with Go 1.26): installed
 * from their module, or built from a wrapper module in deploy/go/ where the upstream module's
 * `replace` lines keep `go install` from building it.
 */
const goPrograms = {
  kustomize: { module: "sigs.k8s.io/kustomize/kustomize/v5", version: "v5.8.1" },
  kubeconform: { module: "github.com/yannh/kubeconform/cmd/kubeconform", version: "v0.7.0" },
  "kube-apiserver": {
    wrapper: "kube-apiserver",
    pkg: "k8s.io/kubernetes/cmd/kube-apiserver",
    version: "v1.34.4",
  },
  etcd: { wrapper: "etcd", pkg: ".", version: "v3.6.4" },
} as const;

export type GoProgram = keyof typeof goPrograms;

const wrappersDir = fileURLToPath(new URL("../go/", import.meta.url));

/**
 * The path of a pinned Go program, built once into trainwatch's cache
 * (`~/.cache/trainwatch/bin/<name>-<version>/`), or why it cannot be had (no Go here).
 *
 * @throws Error with the build's last lines when Go is here but the build fails.
 */
export async function goProgram(name: GoProgram): Promise<{ path: string } | { skip: string }> {
  const program: { version: string } & ({ module: string } | { wrapper: string; pkg: string }) =
    goPrograms[name];
  const dir = join(defaultCacheRoot(), "bin", `${name}-${program.version.replace(/^v/, "")}`);
  const path = join(dir, name);
  if (existsSync(path)) return { path };
  if ((await execa("go", ["version"], { reject: false })).exitCode !== 0)
    return { skip: `no Go toolchain here to build ${name} ${program.version}` };
  const env = { GOTOOLCHAIN: "local", CGO_ENABLED: "0" };
  const built =
    "module" in program
      ? await execa("go", ["install", `${program.module}@${program.version}`], {
          env: { ...env, GOBIN: dir },
          reject: false,
          all: true,
        })
      : await execa("go", ["build", "-trimpath", "-o", path, program.pkg], {
          cwd: join(wrappersDir, program.wrapper),
          env: { ...env, GOFLAGS: "-mod=mod" },
          reject: false,
          all: true,
        });
  if (built.exitCode !== 0)
    throw new Error(
      `building ${name} ${program.version} failed:\n${built.all?.split("\n").slice(-15).join("\n")}`,
    );
  return { path };
}

/**
 * Where a pinned Go module's files are (`go mod download -json`'s `Dir`): from Go's module cache,
 * else the module proxy.
 *
 * @throws Error naming the module when it cannot be had.
 */
export async function goModuleDir({
  module,
  version,
}: {
  readonly module: string;
  readonly version: string;
}): Promise<string> {
  const result = await execa("go", ["mod", "download", "-json", `${module}@${version}`], {
    env: { GOFLAGS: "-mod=mod" },
    reject: false,
  });
  if (result.exitCode !== 0)
    throw new Error(
      `go mod download ${module}@${version} failed: ${result.stdout || result.stderr}`,
    );
  return (JSON.parse(result.stdout) as { Dir: string }).Dir;
}
