import { readFileSync } from "node:fs";
import { TrainwatchError } from "@trainwatch/cli-kit";
import { execa } from "execa";
import type { UpstreamComponentSpec } from "./upstream-components.js";

/** What `go mod edit -json` prints of a go.mod, as far as a wrapper module needs. */
interface GoModJson {
  Require?: { Path: string; Version: string }[];
  Exclude?: { Path: string; Version: string }[];
  Replace?: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[];
}

/** Where a module version came from, to stamp into the binary as upstream's releases are. */
export interface UpstreamOrigin {
  readonly revision: string;
  readonly ref: string;
}

async function goJson<T>(args: readonly string[], cwd: string): Promise<T> {
  const result = await execa("go", args, { cwd, all: true, reject: false });
  if ((result as { code?: string }).code === "ENOENT")
    throw new TrainwatchError(
      "missing_binary",
      "go not found: install Go 1.26 (https://go.dev/doc/install) to build the pinned releases, or set TRAINWATCH_SYSTEM_BINARIES=1 to run Debian's packages",
    );
  if (result.exitCode !== 0)
    throw new TrainwatchError(
      "build_failed",
      `go ${args.join(" ")} (in ${cwd}) failed:\n${result.all}`,
    );
  return JSON.parse(result.stdout) as T;
}

const directives = (mod: GoModJson) =>
  [
    ...(mod.Exclude ?? []).map((e) => `exclude ${e.Path} ${e.Version}`),
    ...(mod.Replace ?? []).map(
      (r) =>
        `replace ${r.Old.Path}${r.Old.Version ? ` ${r.Old.Version}` : ""} => ${r.New.Path}${r.New.Version ? ` ${r.New.Version}` : ""}`,
    ),
  ].sort();

/**
 * Checks that the wrapper module in `moduleDir` requires the release .env pins and repeats
 * upstream's exclude and replace lines for it (a build without them is not upstream's).
 *
 * @throws TrainwatchError("usage") naming the mismatch and the fix.
 */
export async function checkUpstreamWrapper(
  spec: UpstreamComponentSpec,
  version: string,
  moduleDir: string,
): Promise<UpstreamOrigin> {
  const moduleVersion = spec.moduleVersion(version);
  const wrapper = await goJson<GoModJson>(["mod", "edit", "-json"], moduleDir);
  const required = wrapper.Require?.find((r) => r.Path === spec.module)?.Version;
  if (required !== moduleVersion)
    throw new TrainwatchError(
      "usage",
      `${moduleDir}/go.mod requires ${spec.module} ${required ?? "(nothing)"}, but .env pins ${spec.title} ${version} (${spec.imageVariable}): run \`go get ${spec.module}@${moduleVersion} && go mod tidy\` there (and copy upstream's exclude and replace lines), or pin the version go.mod requires`,
    );
  const download = await goJson<{ GoMod: string; Info: string }>(
    ["mod", "download", "-json", `${spec.module}@${moduleVersion}`],
    moduleDir,
  );
  const upstream = await goJson<GoModJson>(["mod", "edit", "-json", download.GoMod], moduleDir);
  const want = directives(upstream);
  const have = directives(wrapper);
  const missing = want.filter((d) => !have.includes(d));
  const extra = have.filter((d) => !want.includes(d));
  if (missing.length > 0 || extra.length > 0)
    throw new TrainwatchError(
      "usage",
      `${moduleDir}/go.mod must repeat ${spec.module} ${moduleVersion}'s exclude and replace lines: ${[
        ...missing.map((d) => `add "${d}"`),
        ...extra.map((d) => `remove "${d}"`),
      ].join("; ")}`,
    );
  const info = JSON.parse(readFileSync(download.Info, "utf8")) as {
    Origin?: { Hash?: string; Ref?: string };
  };
  return {
    revision: info.Origin?.Hash ?? moduleVersion,
    ref: info.Origin?.Ref?.replace(/^refs\/tags\//, "") ?? moduleVersion,
  };
}
