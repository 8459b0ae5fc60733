import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { setPriority } from "node:os";
import { join } from "node:path";
import type { UpstreamComponent } from "@trainwatch/native-services";
import { stackCli as cli } from "../run-dir/stack-paths.js";
import { isOwnProcess } from "./is-own-process.js";

/** A build of the pinned releases running apart from the stack, at the lowest CPU priority. */
export interface BackgroundBuild {
  readonly pid: number;
  /** Where its progress is written. */
  readonly logFile: string;
  /** True when an earlier start's build was still running and was left to finish. */
  readonly joined: boolean;
}

const marker = "binaries";

/**
 * Starts `trainwatch binaries --build --only <components>` detached and niced (19), logging to
 * `<cacheRoot>/build.log`, so a start runs the system's binaries at once while the pinned
 * releases build for the next one. A build an earlier start began and that still runs is joined
 * instead of started twice (`<cacheRoot>/build.pid`). It outlives Ctrl-C of the stack.
 */
export function startBackgroundBuild(
  components: readonly UpstreamComponent[],
  cacheRoot: string,
): BackgroundBuild {
  mkdirSync(cacheRoot, { recursive: true });
  const pidFile = join(cacheRoot, "build.pid");
  const logFile = join(cacheRoot, "build.log");
  const earlier = readPid(pidFile);
  if (earlier !== undefined && isOwnProcess(earlier, marker))
    return { pid: earlier, logFile, joined: true };
  const log = openSync(logFile, "w");
  try {
    const child = spawn(
      process.execPath,
      [cli, "binaries", "--build", "--only", components.join(",")],
      { detached: true, stdio: ["ignore", log, log], env: process.env },
    );
    if (child.pid === undefined) throw new Error(`could not start ${cli} binaries --build`);
    try {
      setPriority(child.pid, 19);
    } catch {
      // not allowed to lower it (an unusual sandbox): the build still runs, only less politely
    }
    child.unref();
    writeFileSync(pidFile, `${child.pid}\n`);
    return { pid: child.pid, logFile, joined: false };
  } finally {
    closeSync(log);
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // no build started yet
  }
}
