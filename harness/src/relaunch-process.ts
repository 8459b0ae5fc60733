import { spawn } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import { waitFor } from "@trainwatch/cli-kit";
import { isAlive } from "@trainwatch/native-services";

/** A process started again from another's command line; stop it with `stop()` or `await using`. */
export interface Relaunched extends AsyncDisposable {
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Kills a process (e.g. a stack's Prometheus) with `signal`, waits until it is gone, and returns
 * its command line, so `relaunch` can start it again as it was: same flags, same data folder.
 */
export async function killProcess(pid: number, signal: NodeJS.Signals): Promise<string[]> {
  const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  process.kill(pid, signal);
  await waitFor(() => !isAlive(pid), {
    what: `process ${pid} to end after ${signal}`,
    timeoutMs: 15_000,
  });
  return argv;
}

/** A live process's environment (`/proc/<pid>/environ`), e.g. the secrets a service was started with. */
export function readEnviron(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
  return Object.fromEntries(
    entries.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
  );
}

/** Starts `argv` again, its output appended to `logFile`, in `env` (default: this process's). */
export function relaunch(
  argv: readonly string[],
  logFile: string,
  env?: Readonly<Record<string, string>>,
): Relaunched {
  const [binary, ...args] = argv;
  if (!binary) throw new Error("relaunch: empty command line");
  const log = openSync(logFile, "a");
  const child = spawn(binary, args, { stdio: ["ignore", log, log], ...(env && { env }) });
  const pid = child.pid as number;
  const stop = async () => {
    if (!isAlive(pid)) return;
    child.kill("SIGTERM");
    await waitFor(() => !isAlive(pid), { what: `relaunched ${binary} to stop`, timeoutMs: 15_000 });
  };
  return { pid, stop, [Symbol.asyncDispose]: stop };
}
