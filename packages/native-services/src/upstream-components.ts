import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** A program trainwatch can build from its Go module: the Prometheus project's, and Thanos. */
export type UpstreamComponent = "prometheus" | "alertmanager" | "pushgateway" | "thanos";

export interface UpstreamComponentSpec {
  readonly component: UpstreamComponent;
  /** As a person writes it: "Prometheus". */
  readonly title: string;
  /** The .env variable whose image tag pins the version (`prom/prometheus:v3.13.5` → 3.13.5). */
  readonly imageVariable: string;
  /** Upstream's image, tag left off: `prom/prometheus`. */
  readonly image: string;
  /** Points at any other binary of this program (an official release download, say). */
  readonly binVariable: string;
  readonly module: string;
  /** The Go module version of a release: Prometheus 3.13.5 is `v0.313.5`. */
  moduleVersion(version: string): string;
  /** The programs the wrapper module's `tool` directives build. */
  readonly tools: readonly string[];
  /** Go build tags, as upstream's .promu.yml sets them for its releases. */
  readonly buildTags: readonly string[];
}

export const upstreamComponents: Readonly<Record<UpstreamComponent, UpstreamComponentSpec>> = {
  prometheus: {
    component: "prometheus",
    title: "Prometheus",
    imageVariable: "PROMETHEUS_IMAGE",
    image: "prom/prometheus",
    binVariable: "TRAINWATCH_PROMETHEUS_BIN",
    module: "github.com/prometheus/prometheus",
    // Prometheus 3.x tags its Go module v0.3MM.P (3.13.5 → v0.313.5).
    moduleVersion: (version) => {
      const [major, minor, patch] = version.split(".");
      return `v0.${major}${String(minor).padStart(2, "0")}.${patch}`;
    },
    tools: ["prometheus", "promtool"],
    buildTags: ["netgo"],
  },
  alertmanager: {
    component: "alertmanager",
    title: "Alertmanager",
    imageVariable: "ALERTMANAGER_IMAGE",
    image: "prom/alertmanager",
    binVariable: "TRAINWATCH_ALERTMANAGER_BIN",
    module: "github.com/prometheus/alertmanager",
    moduleVersion: (version) => `v${version}`,
    tools: ["alertmanager", "amtool"],
    buildTags: ["netgo"],
  },
  pushgateway: {
    component: "pushgateway",
    title: "Pushgateway",
    imageVariable: "PUSHGATEWAY_IMAGE",
    image: "prom/pushgateway",
    binVariable: "TRAINWATCH_PUSHGATEWAY_BIN",
    module: "github.com/prometheus/pushgateway",
    moduleVersion: (version) => `v${version}`,
    tools: ["pushgateway"],
    buildTags: ["netgo"],
  },
  // The distributed store (`up --nodes N`): receive, query and rule are one binary's commands.
  thanos: {
    component: "thanos",
    title: "Thanos",
    imageVariable: "THANOS_IMAGE",
    image: "quay.io/thanos/thanos",
    binVariable: "TRAINWATCH_THANOS_BIN",
    module: "github.com/thanos-io/thanos",
    moduleVersion: (version) => `v${version}`,
    tools: ["thanos"],
    // Thanos casts its labels to Prometheus' slice form: without this tag (Prometheus now
    // defaults to string labels) its gRPC answers are garbage and it panics (thanos#8947).
    buildTags: ["netgo", "slicelabels"],
  },
};

/** This repository's root (the same from src/ and dist/). */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The wrapper Go module that builds a component: `upstream/<component>` in this repository. */
export function upstreamModuleDir(component: UpstreamComponent): string {
  return join(repoRoot, "upstream", component);
}

/**
 * Where built binaries are kept, outside the repository: `TRAINWATCH_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/trainwatch`, else `~/.cache/trainwatch`.
 */
export function defaultCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRAINWATCH_CACHE_DIR) return env.TRAINWATCH_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "trainwatch");
}

/** The folder holding one version's binaries, e.g. `~/.cache/trainwatch/bin/prometheus-3.13.5`. */
export function upstreamBinDir(
  component: UpstreamComponent,
  version: string,
  cacheRoot: string,
): string {
  return join(cacheRoot, "bin", `${component}-${version}`);
}

/** Whether the cache holds every binary of one version of a component. */
export function hasUpstreamBuild(
  spec: UpstreamComponentSpec,
  version: string,
  cacheRoot: string,
): boolean {
  const dir = upstreamBinDir(spec.component, version, cacheRoot);
  return spec.tools.every((tool) => existsSync(join(dir, tool)));
}
