import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, openSync } from "node:fs";
import { waitFor } from "@trainwatch/cli-kit";
import type { BinaryInfo } from "./describe-binary.js";
import type { ServiceHandle } from "./service-handle.js";
import { stopPid } from "./stop-pid.js";

export interface StartServiceOptions {
  readonly name: string;
  readonly binary: string;
  /** What is known of `binary` (version, origin), passed on in the handle. */
  readonly binaryInfo?: BinaryInfo;
  readonly args: readonly string[];
  readonly url: string;
  readonly port: number;
  /** Path polled until it answers 200, e.g. `/-/ready`. */
  readonly readyPath: string;
  /**
   * Polled instead of `readyPath` where readiness is not a plain HTTP 200 (a socket, TLS with a
   * private CA): resolves true once the service is ready.
   */
  readonly isReady?: () => Promise<boolean>;
  /** stdout and stderr go here (appended). */
  readonly logFile: string;
  /** Also copy the output to this process's stdout (a foreground stack shows its trainers). */
  readonly echo?: boolean;
  readonly cwd?: string;
  /** Variables added to this process's environment (secrets go here, never in args). */
  readonly env?: Readonly<Record<string, string>>;
  /** Let the process outlive this one (for `trainwatch up --detach`). */
  readonly detached?: boolean;
  readonly readyTimeoutMs?: number;
  /** Run it in this network namespace (`ip netns exec`, which execs it: the pid is its own). */
  readonly netns?: string;
}

/** Services this process started and must not leave behind if it exits without stopping them. */
const attached = new Set<number>();
let exitHookInstalled = false;
function killOnExit(pid: number): void {
  attached.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const p of attached) {
      try {
        process.kill(p, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
}

/**
 * Starts a long-running program and waits until `readyPath` answers 200. It runs in its own
 * process group, so a terminal's Ctrl-C reaches only the caller, which decides the order of
 * stopping. If it exits or never gets ready, it is stopped and the error names its log.
 */
export async function startService(options: StartServiceOptions): Promise<ServiceHandle> {
  const { name, binary, args, url, port, readyPath, logFile, detached = false } = options;
  // A detached service writes to its log through its own file descriptor, never through a pipe
  // to this process, which it outlives. Echoing (foreground only) tees a pipe instead.
  const log = options.echo ? "pipe" : openSync(logFile, "a");
  const [command, argv] = options.netns
    ? ["ip", ["netns", "exec", options.netns, binary, ...args]]
    : [binary, [...args]];
  const child = spawn(command, argv, {
    cwd: options.cwd,
    stdio: ["ignore", log, log],
    detached: true,
    env: { ...process.env, ...options.env },
  });
  if (options.echo) {
    const file = createWriteStream(logFile, { flags: "a" });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.pipe(file, { end: false });
      stream?.pipe(process.stdout, { end: false });
    }
  }
  const pid = child.pid;
  if (pid === undefined) {
    const [error] = (await once(child, "error")) as [Error];
    throw new Error(`${name} (${binary}) did not start: ${error.message}`, { cause: error });
  }
  let running = true;
  const exited = new Promise<number | undefined>((resolve) => {
    child.once("exit", (code) => {
      running = false;
      attached.delete(pid);
      resolve(code ?? undefined);
    });
  });
  if (detached) child.unref();
  else killOnExit(pid);
  const stop = (graceMs?: number) => stopPid(pid, { graceMs, what: name, alive: () => running });
  try {
    await waitFor(
      async () =>
        !running ||
        (options.isReady
          ? await options.isReady()
          : (await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(1000) })).ok),
      {
        what: `${name} at ${url}${readyPath} (log: ${logFile})`,
        timeoutMs: options.readyTimeoutMs ?? 30_000,
      },
    );
    if (!running) throw new Error(`${name} exited while starting; its log is ${logFile}`);
  } catch (error) {
    await stop(2_000);
    throw error;
  }
  return {
    name,
    url,
    port,
    pid,
    exited,
    stop,
    ...(options.binaryInfo && { binary: options.binaryInfo }),
    [Symbol.asyncDispose]: () => stop(),
  };
}
