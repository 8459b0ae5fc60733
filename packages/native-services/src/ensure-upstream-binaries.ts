import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { buildUpstream, type UpstreamBuild } from "./build-upstream.js";
import { readUpstreamPins, type UpstreamPins } from "./read-upstream-pins.js";
import {
  defaultCacheRoot,
  hasUpstreamBuild,
  type UpstreamComponent,
  type UpstreamComponentSpec,
  upstreamComponents,
} from "./upstream-components.js";

export interface EnsureUpstreamOptions {
  readonly log: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** Default: read from .env. */
  readonly pins?: UpstreamPins;
  /** Build only these (default: every component); a start builds only what it runs. */
  readonly components?: readonly UpstreamComponent[];
}

export type EnsureUpstreamResult =
  | { readonly built: readonly UpstreamBuild[] }
  /** Why nothing was built: the system's binaries run instead. */
  | { readonly skipped: string };

/** What a build would have to do now: the pinned builds missing, or why none can be made. */
export type UpstreamNeeds =
  | {
      readonly missing: readonly UpstreamComponentSpec[];
      /** "Prometheus 3.13.5, Alertmanager 0.31.1" */
      readonly names: string;
      /** Minutes a first build of them takes on 2 cores with empty Go caches. */
      readonly minutes: number;
    }
  | { readonly skipped: string };

/**
 * Minutes of a first build on a 2-core machine with empty Go caches, as measured here (7m32s for
 * the three Prometheus-project builds, module download included); a warm Go build cache makes
 * it seconds.
 */
const firstBuildMinutes: Readonly<Record<UpstreamComponent, number>> = {
  prometheus: 6.5,
  alertmanager: 0.9,
  pushgateway: 0.2,
  thanos: 4,
};

function hasGo(env: NodeJS.ProcessEnv): boolean {
  try {
    execFileSync("go", ["version"], { env, stdio: "ignore" });
    return true;
  } catch {
    return false; // not installed (or broken): the system's binaries run instead
  }
}

/**
 * Which pinned releases of `components` are neither cached nor replaced by a `TRAINWATCH_*_BIN`
 * variable; `skipped` (with the reason) without Go or with `TRAINWATCH_SYSTEM_BINARIES=1`.
 */
export function findUpstreamNeeds(options: Omit<EnsureUpstreamOptions, "log"> = {}): UpstreamNeeds {
  const env = options.env ?? process.env;
  if (env.TRAINWATCH_SYSTEM_BINARIES === "1")
    return { skipped: "TRAINWATCH_SYSTEM_BINARIES=1: the system's binaries run" };
  const pins = options.pins ?? readUpstreamPins();
  const cacheRoot = defaultCacheRoot(env);
  const wanted = options.components ?? (Object.keys(upstreamComponents) as UpstreamComponent[]);
  const missing = wanted
    .map((component) => upstreamComponents[component])
    .filter(
      (spec) => !env[spec.binVariable] && !hasUpstreamBuild(spec, pins[spec.component], cacheRoot),
    );
  const names = missing.map((s) => `${s.title} ${pins[s.component]}`).join(", ");
  if (missing.length > 0 && !hasGo(env))
    return {
      skipped: `Go not found: the system's binaries run (install Go 1.26 to run the pinned ${names})`,
    };
  const minutes = missing.reduce((sum, s) => sum + firstBuildMinutes[s.component], 0);
  return { missing, names, minutes };
}

/**
 * Builds the pinned releases (of `components`, default all) that are neither cached nor
 * replaced by a `TRAINWATCH_*_BIN` variable, saying first what it builds and about how long it
 * takes. Without Go, or with `TRAINWATCH_SYSTEM_BINARIES=1`, it builds nothing and says why.
 *
 * @throws TrainwatchError("build_failed") from the first build that fails.
 */
export async function ensureUpstreamBinaries(
  options: EnsureUpstreamOptions,
): Promise<EnsureUpstreamResult> {
  const needs = findUpstreamNeeds(options);
  if ("skipped" in needs) return needs;
  if (needs.missing.length === 0) return { built: [] };
  const env = options.env ?? process.env;
  const pins = options.pins ?? readUpstreamPins();
  const cacheRoot = defaultCacheRoot(env);
  options.log(
    `building ${needs.names} from their Go modules: about ${Math.ceil(needs.minutes)} minutes the first time on 2 cores, then cached in ${join(cacheRoot, "bin")} (set TRAINWATCH_SYSTEM_BINARIES=1 to skip this and run Debian's packages now)`,
  );
  const built: UpstreamBuild[] = [];
  for (const spec of needs.missing)
    built.push(
      await buildUpstream(spec, { version: pins[spec.component], cacheRoot, log: options.log }),
    );
  return { built };
}
