import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultCacheRoot } from "@trainwatch/native-services";
import { execa } from "execa";

/** How a pinned Go program is built: `go install` from its module, or `go build` in a wrapper. */
type GoProgramSpec = {
  readonly version: string;
  /** Minutes its first build takes on 2 idle cores (Go caches empty but for the module's own). */
  readonly firstBuildMinutes: number;
  /** `-X` flags, so it reports its release (Kubernetes' programs report v0.0.0 without them). */
  readonly ldflags?: readonly string[];
} & (
  | {
      readonly module: string;
      /** Several programs of one module (default: the module's own main package). */
      readonly packages?: readonly string[];
    }
  | { readonly wrapper: string; readonly pkg: string }
);

const kubernetesVersion = "v1.34.4";
const kubernetesLdflags = [
  `-X k8s.io/component-base/version.gitVersion=${kubernetesVersion}`,
  "-X k8s.io/component-base/version.gitMajor=1",
  "-X k8s.io/component-base/version.gitMinor=34",
  `-X k8s.io/client-go/pkg/version.gitVersion=${kubernetesVersion}`,
];
const kubernetes = (name: string, firstBuildMinutes: number): GoProgramSpec => ({
  wrapper: "kubernetes",
  pkg: `k8s.io/kubernetes/cmd/${name}`,
  version: kubernetesVersion,
  ldflags: kubernetesLdflags,
  firstBuildMinutes,
});

/**
 * The Go programs the manifests are checked with and the harness's throwaway cluster runs,
 * pinned (each builds with Go 1.26): installed from their module, or built from a wrapper module
 * in deploy/go/ where the upstream module's `replace` lines keep `go install` from building it.
 */
const goPrograms = {
  kustomize: {
    module: "sigs.k8s.io/kustomize/kustomize/v5",
    version: "v5.8.1",
    firstBuildMinutes: 1,
  },
  kubeconform: {
    module: "github.com/yannh/kubeconform/cmd/kubeconform",
    version: "v0.7.0",
    firstBuildMinutes: 0.5,
  },
  "kube-apiserver": kubernetes("kube-apiserver", 6),
  "kube-controller-manager": kubernetes("kube-controller-manager", 2),
  "kube-scheduler": kubernetes("kube-scheduler", 1),
  kubelet: kubernetes("kubelet", 2),
  "kube-proxy": kubernetes("kube-proxy", 1),
  kubectl: kubernetes("kubectl", 1),
  etcd: { wrapper: "etcd", pkg: ".", version: "v3.6.4", firstBuildMinutes: 2 },
  "cni-plugins": {
    module: "github.com/containernetworking/plugins",
    packages: [
      "plugins/main/bridge",
      "plugins/main/loopback",
      "plugins/ipam/host-local",
      "plugins/meta/portmap",
      "plugins/meta/firewall",
    ],
    version: "v1.10.0",
    firstBuildMinutes: 1,
  },
  coredns: { module: "github.com/coredns/coredns", version: "v1.14.7", firstBuildMinutes: 4 },
  "prometheus-operator": {
    wrapper: "prometheus-operator",
    pkg: "github.com/prometheus-operator/prometheus-operator/cmd/operator",
    version: "v0.85.0",
    firstBuildMinutes: 4,
  },
  "prometheus-config-reloader": {
    wrapper: "prometheus-operator",
    pkg: "github.com/prometheus-operator/prometheus-operator/cmd/prometheus-config-reloader",
    version: "v0.85.0",
    firstBuildMinutes: 1,
  },
  crictl: { module: "sigs.k8s.io/cri-tools/cmd/crictl", version: "v1.34.0", firstBuildMinutes: 1 },
  pause: { wrapper: "pause", pkg: ".", version: "v1.0.0", firstBuildMinutes: 0.2 },
} as const satisfies Record<string, GoProgramSpec>;

export type GoProgram = keyof typeof goPrograms;

/** The release a pinned program is built from, e.g. "v1.34.4". */
export const goProgramVersion = (name: GoProgram): string => goPrograms[name].version;

const wrappersDir = fileURLToPath(new URL("../go/", import.meta.url));

/** Progress lines of a first build, for a suite to print (default: the console). */
export type BuildLog = (line: string) => void;

/** The binaries a program's build leaves in its folder: one, or each of a module's packages. */
const binariesOf = (name: GoProgram, spec: GoProgramSpec) =>
  "packages" in spec && spec.packages ? spec.packages.map((pkg) => basename(pkg)) : [name];

/**
 * Where a pinned program's build is cached: `~/.cache/trainwatch/bin/<name>-<version>[-<recipe>]/`,
 * the recipe a hash of its wrapper module and flags (a changed wrapper is built afresh).
 */
function cacheDir(name: GoProgram, spec: GoProgramSpec): string {
  const base = `${name}-${spec.version.replace(/^v/, "")}`;
  if (!("wrapper" in spec) && !spec.ldflags) return join(defaultCacheRoot(), "bin", base);
  const recipe = createHash("sha256").update(JSON.stringify(spec));
  if ("wrapper" in spec)
    for (const file of readdirSync(join(wrappersDir, spec.wrapper)).sort())
      recipe.update(file).update(readFileSync(join(wrappersDir, spec.wrapper, file)));
  return join(defaultCacheRoot(), "bin", `${base}-${recipe.digest("hex").slice(0, 8)}`);
}

/**
 * The path of a pinned Go program, built once into trainwatch's cache, or why it cannot be had
 * (no Go here). `dir` holds it (for the CNI plugins, all of them). A first build announces itself
 * and reports progress every 20 s on `log`.
 *
 * @throws Error with the build's last lines when Go is here but the build fails.
 */
export async function goProgram(
  name: GoProgram,
  log: BuildLog = (line) => console.log(line),
): Promise<{ path: string; dir: string } | { skip: string }> {
  const spec: GoProgramSpec = goPrograms[name];
  const dir = cacheDir(name, spec);
  const binaries = binariesOf(name, spec);
  const path = join(dir, binaries[0] as string);
  if (binaries.every((binary) => existsSync(join(dir, binary)))) return { path, dir };
  if ((await execa("go", ["version"], { reject: false })).exitCode !== 0)
    return { skip: `no Go toolchain here to build ${name} ${spec.version}` };
  const from = "module" in spec ? spec.module : `deploy/go/${spec.wrapper}`;
  log(
    `building ${name} ${spec.version} from its Go module (${from}): about ${spec.firstBuildMinutes} min the first time on 2 cores, then cached in ${dir}`,
  );
  const started = performance.now();
  const seconds = () => `${Math.round((performance.now() - started) / 1000)} s`;
  mkdirSync(dirname(dir), { recursive: true });
  const staging = mkdtempSync(join(dirname(dir), `.${name}-`));
  const env = { GOTOOLCHAIN: "local", CGO_ENABLED: "0" };
  const ldflags = spec.ldflags ? ["-ldflags", spec.ldflags.join(" ")] : [];
  const build =
    "module" in spec
      ? execa(
          "go",
          [
            "install",
            "-v",
            ...ldflags,
            ...(spec.packages ?? [""]).map(
              (pkg) => `${spec.module}${pkg ? `/${pkg}` : ""}@${spec.version}`,
            ),
          ],
          { env: { ...env, GOBIN: staging }, reject: false, all: true },
        )
      : execa("go", ["build", "-v", "-trimpath", ...ldflags, "-o", join(staging, name), spec.pkg], {
          cwd: join(wrappersDir, spec.wrapper),
          env: { ...env, GOFLAGS: "-mod=mod" },
          reject: false,
          all: true,
        });
  let compiled = 0;
  const progress = setInterval(
    () => log(`building ${name} ${spec.version}: ${compiled} packages compiled, ${seconds()}`),
    20_000,
  );
  try {
    for await (const _line of build.iterable({ from: "stderr" })) compiled += 1;
    const built = await build;
    if (built.exitCode !== 0)
      throw new Error(
        `building ${name} ${spec.version} failed:\n${built.all
          ?.split("\n")
          .filter((line) => !/^[\w.\-/]+$/.test(line)) // `-v` names each package it compiles
          .slice(-15)
          .join("\n")}`,
      );
    rmSync(dir, { recursive: true, force: true });
    chmodSync(staging, 0o755);
    renameSync(staging, dir);
  } finally {
    clearInterval(progress);
    rmSync(staging, { recursive: true, force: true });
  }
  log(`built ${name} ${spec.version} in ${seconds()}: ${dir}`);
  return { path, dir };
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
