import { existsSync } from "node:fs";
import { join } from "node:path";
import { defaultCacheRoot } from "@trainwatch/native-services";
import { execa } from "execa";

/** The Go programs the manifests are checked with, pinned (each builds with Go 1.26). */
export const goTools = {
  kustomize: { module: "sigs.k8s.io/kustomize/kustomize/v5", version: "v5.8.1" },
  kubeconform: { module: "github.com/yannh/kubeconform/cmd/kubeconform", version: "v0.7.0" },
} as const;

export type GoTool = keyof typeof goTools;

/**
 * The path of a pinned Go program, built once with `go install` into trainwatch's cache
 * (`~/.cache/trainwatch/bin/<name>-<version>/`), or why it cannot be had (no Go here).
 */
export async function goTool(name: GoTool): Promise<{ path: string } | { skip: string }> {
  const { module, version } = goTools[name];
  const dir = join(defaultCacheRoot(), "bin", `${name}-${version.replace(/^v/, "")}`);
  const path = join(dir, name);
  if (existsSync(path)) return { path };
  const go = await execa("go", ["version"], { reject: false });
  if (go.exitCode !== 0) return { skip: `no Go toolchain here to build ${name} ${version}` };
  const built = await execa("go", ["install", `${module}@${version}`], {
    env: { GOBIN: dir, GOTOOLCHAIN: "local", CGO_ENABLED: "0" },
    reject: false,
    all: true,
  });
  if (built.exitCode !== 0)
    throw new Error(
      `go install ${module}@${version} failed:\n${built.all?.split("\n").slice(-15).join("\n")}`,
    );
  return { path };
}
