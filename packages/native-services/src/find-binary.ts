import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { TrainwatchError } from "@trainwatch/cli-kit";
import { composeEnvFile, readUpstreamPins, type UpstreamPins } from "./read-upstream-pins.js";
import {
  defaultCacheRoot,
  type UpstreamComponent,
  upstreamBinDir,
  upstreamComponents,
} from "./upstream-components.js";

/** A program trainwatch runs, where its upstream build lives, and the Debian package that has it. */
export interface BinarySpec {
  /** The upstream program it belongs to and its name in that build (`promtool` of Prometheus). */
  readonly component: UpstreamComponent;
  readonly tool: string;
  /** Names to look for on PATH, preferred first (Debian's name, then upstream's). */
  readonly names: readonly string[];
  /** Debian's package of it; none for Thanos, which Debian does not ship. */
  readonly debianPackage?: string;
}

export const prometheusBinary: BinarySpec = {
  component: "prometheus",
  tool: "prometheus",
  names: ["prometheus"],
  debianPackage: "prometheus",
};
export const promtoolBinary: BinarySpec = {
  component: "prometheus",
  tool: "promtool",
  names: ["promtool"],
  debianPackage: "prometheus",
};
export const pushgatewayBinary: BinarySpec = {
  component: "pushgateway",
  tool: "pushgateway",
  names: ["prometheus-pushgateway", "pushgateway"],
  debianPackage: "prometheus-pushgateway",
};
export const alertmanagerBinary: BinarySpec = {
  component: "alertmanager",
  tool: "alertmanager",
  names: ["prometheus-alertmanager", "alertmanager"],
  debianPackage: "prometheus-alertmanager",
};
export const amtoolBinary: BinarySpec = {
  component: "alertmanager",
  tool: "amtool",
  names: ["amtool"],
  debianPackage: "prometheus-alertmanager",
};
export const thanosBinary: BinarySpec = {
  component: "thanos",
  tool: "thanos",
  names: ["thanos"],
};

/** Where a binary was found: a `TRAINWATCH_*_BIN` variable, the pinned upstream build, or PATH. */
export type BinaryOrigin = "variable" | "upstream" | "path";

export interface FoundBinary {
  readonly path: string;
  readonly origin: BinaryOrigin;
}

export interface FindBinaryOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** The pinned versions (default: read from .env); `null`: look for no upstream build. */
  readonly pins?: UpstreamPins | null;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false; // missing or not executable: the caller looks elsewhere
  }
}

/**
 * Finds the binary to run, in this order: the component's `TRAINWATCH_<NAME>_BIN` (promtool and
 * amtool: beside it), the pinned upstream build in the cache (unless
 * `TRAINWATCH_SYSTEM_BINARIES=1`), then PATH (Debian's packages).
 *
 * @throws TrainwatchError("usage") when the variable names no executable file;
 *   TrainwatchError("missing_binary") naming the package to install.
 */
export function locateBinary(spec: BinarySpec, options: FindBinaryOptions = {}): FoundBinary {
  const env = options.env ?? process.env;
  const { binVariable } = upstreamComponents[spec.component];
  const chosen = env[binVariable];
  if (chosen) {
    const path = spec.tool === spec.component ? chosen : join(dirname(chosen), spec.tool);
    if (!executable(path))
      throw new TrainwatchError(
        "usage",
        `${binVariable}=${chosen}: ${path} is not an executable file; point it at a ${spec.component} binary (with ${spec.tool} beside it) or unset it`,
      );
    return { path, origin: "variable" };
  }
  if (env.TRAINWATCH_SYSTEM_BINARIES !== "1") {
    // Outside this repository (a package lifted into another project) nothing is pinned.
    const pins =
      options.pins === undefined
        ? existsSync(composeEnvFile)
          ? readUpstreamPins()
          : null
        : options.pins;
    if (pins) {
      const dir = upstreamBinDir(spec.component, pins[spec.component], defaultCacheRoot(env));
      if (executable(join(dir, spec.tool)))
        return { path: join(dir, spec.tool), origin: "upstream" };
    }
  }
  for (const name of spec.names) {
    for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
      if (executable(join(dir, name))) return { path: join(dir, name), origin: "path" };
    }
  }
  throw new TrainwatchError(
    "missing_binary",
    `${spec.names.join(" or ")} not found: build the pinned release with \`trainwatch binaries --build\` (needs Go), ${spec.debianPackage ? `install Debian's with \`sudo apt-get install -y ${spec.debianPackage}\`` : "put a release on PATH"}, or set ${binVariable}`,
  );
}

/** The path of the binary {@link locateBinary} chooses. */
export function findBinary(spec: BinarySpec, options: FindBinaryOptions = {}): string {
  return locateBinary(spec, options).path;
}
