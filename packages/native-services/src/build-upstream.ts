import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { TrainwatchError } from "@trainwatch/cli-kit";
import { execa } from "execa";
import { checkUpstreamWrapper } from "./check-upstream-wrapper.js";
import {
  hasUpstreamBuild,
  type UpstreamComponentSpec,
  upstreamBinDir,
  upstreamModuleDir,
} from "./upstream-components.js";

export interface BuildUpstreamOptions {
  /** The release to build, e.g. "3.13.5" (the wrapper module must require it). */
  readonly version: string;
  readonly cacheRoot: string;
  /** Progress lines: a few while it builds, one when done. */
  readonly log: (line: string) => void;
  /** Default: `upstream/<component>` in this repository. */
  readonly moduleDir?: string;
  /** How often a progress line is written (default 20 s). */
  readonly progressEveryMs?: number;
}

export interface UpstreamBuild {
  /** The folder with the component's binaries. */
  readonly dir: string;
  /** False when the binaries were already there. */
  readonly built: boolean;
  readonly seconds: number;
}

/** Go's environment for a static build, as the official release binaries are. */
const goEnv = { CGO_ENABLED: "0" };
const goFlags = (spec: UpstreamComponentSpec) => ["-trimpath", "-tags", spec.buildTags.join(",")];

/**
 * Builds one component's binaries from its Go module into the cache, through the wrapper module
 * in `upstream/<component>` (`go install tool`), stamped with the version as upstream's release
 * tooling does. A second call for the same version costs nothing.
 *
 * @throws TrainwatchError("missing_binary") without Go; TrainwatchError("build_failed") naming
 *   the component, the version and the fix.
 */
export async function buildUpstream(
  spec: UpstreamComponentSpec,
  options: BuildUpstreamOptions,
): Promise<UpstreamBuild> {
  const dir = upstreamBinDir(spec.component, options.version, options.cacheRoot);
  if (hasUpstreamBuild(spec, options.version, options.cacheRoot))
    return { dir, built: false, seconds: 0 };
  const started = performance.now();
  const cwd = options.moduleDir ?? upstreamModuleDir(spec.component);
  const what = `${spec.title} ${options.version} (${spec.module} ${spec.moduleVersion(options.version)})`;
  const origin = await checkUpstreamWrapper(spec, options.version, cwd);
  const listed = await execa("go", ["list", "-deps", ...goFlags(spec), "tool"], {
    cwd,
    env: goEnv,
    reject: false,
  });
  if (listed.exitCode !== 0) throw buildFailed(spec, what, listed.stderr);
  const total = listed.stdout.split("\n").filter(Boolean).length;

  mkdirSync(join(options.cacheRoot, "bin"), { recursive: true });
  const staging = mkdtempSync(join(options.cacheRoot, "bin", `.${spec.component}-`));
  try {
    const ldflags = [
      `-X github.com/prometheus/common/version.Version=${options.version}`,
      `-X github.com/prometheus/common/version.Revision=${origin.revision}`,
      `-X github.com/prometheus/common/version.Branch=${origin.ref}`,
      "-X github.com/prometheus/common/version.BuildUser=trainwatch",
      `-X github.com/prometheus/common/version.BuildDate=${buildDate()}`,
    ].join(" ");
    const install = execa("go", ["install", "-v", ...goFlags(spec), "-ldflags", ldflags, "tool"], {
      cwd,
      env: { ...goEnv, GOBIN: staging },
      reject: false,
    });
    let compiled = 0;
    let lastReport = performance.now();
    const every = options.progressEveryMs ?? 20_000;
    for await (const _line of install.iterable({ from: "stderr" })) {
      compiled += 1;
      if (performance.now() - lastReport >= every) {
        lastReport = performance.now();
        options.log(
          `building ${spec.title} ${options.version}: ${Math.min(compiled, total)}/${total} packages, ${elapsed(started)}`,
        );
      }
    }
    const result = await install;
    if (result.exitCode !== 0) throw buildFailed(spec, what, result.stderr);
    rmSync(dir, { recursive: true, force: true });
    chmodSync(staging, 0o755); // mkdtemp's 0700 would hide the binaries from other users
    renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  options.log(
    `built ${spec.tools.join(" and ")} ${options.version} in ${elapsed(started)}: ${dir}`,
  );
  return { dir, built: true, seconds };
}

function buildFailed(spec: UpstreamComponentSpec, what: string, output: string): TrainwatchError {
  // `go install -v` names each package it compiles: keep the errors, not that list.
  const tail = output
    .trim()
    .split("\n")
    .filter((line) => !/^[\w.\-/]+$/.test(line))
    .slice(-15)
    .join("\n");
  return new TrainwatchError(
    "build_failed",
    `building ${what} failed:\n${tail}\nFix the error above, point ${spec.binVariable} at a ${spec.title} binary, or set TRAINWATCH_SYSTEM_BINARIES=1 to run Debian's packages.`,
  );
}

function buildDate(): string {
  // upstream's format (promu): 20260131-12:34:56
  return new Date().toISOString().replace(/-/g, "").replace("T", "-").slice(0, 17);
}

function elapsed(started: number): string {
  const s = Math.round((performance.now() - started) / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s} s`;
}
