import { waitFor } from "@trainwatch/cli-kit";
import { execa } from "execa";
import type { ServiceHandle } from "./service-handle.js";
import { stopPid } from "./stop-pid.js";

export interface StartServiceOptions {
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly url: string;
  readonly port: number;
  /** Path polled until it answers 200, e.g. `/-/ready`. */
  readonly readyPath: string;
  /** stdout and stderr go here (appended). */
  readonly logFile: string;
  readonly cwd?: string;
  /** Let the process outlive this one (for `trainwatch up --detach`). */
  readonly detached?: boolean;
  readonly readyTimeoutMs?: number;
}

/**
 * Starts a long-running binary and waits until `readyPath` answers 200. If it exits or never
 * gets ready, it is stopped and the error names the log file to read.
 */
export async function startService(options: StartServiceOptions): Promise<ServiceHandle> {
  const { name, binary, args, url, port, readyPath, logFile, detached = false } = options;
  const log = { file: logFile, append: true } as const;
  const child = execa(binary, [...args], {
    cwd: options.cwd,
    stdin: "ignore",
    stdout: log,
    stderr: log,
    reject: false,
    // A detached service outlives this process; an attached one is killed with it.
    ...(detached ? { detached: true, cleanup: false } : { cleanup: true }),
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} (${binary}) did not start; see ${logFile}`);
  let exited = false;
  void child.then(() => {
    exited = true;
  });
  if (detached) child.unref();
  const stop = (graceMs?: number) => stopPid(pid, { graceMs, what: name, alive: () => !exited });
  try {
    await waitFor(
      async () =>
        exited || (await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(1000) })).ok,
      {
        what: `${name} at ${url}${readyPath} (log: ${logFile})`,
        timeoutMs: options.readyTimeoutMs ?? 30_000,
      },
    );
    if (exited) throw new Error(`${name} exited while starting; its log is ${logFile}`);
  } catch (error) {
    await stop(2_000);
    throw error;
  }
  return { name, url, port, pid, stop, [Symbol.asyncDispose]: () => stop() };
}
