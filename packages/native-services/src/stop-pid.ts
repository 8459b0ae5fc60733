import { waitFor } from "@trainwatch/cli-kit";

/** True while a process with this pid exists (zombies of ours included until reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Stops a process by pid: SIGTERM, then SIGKILL once `graceMs` has passed. Resolves when it has
 * exited. `alive` may be given by a caller that can see exits sooner than `kill(pid, 0)`.
 */
export async function stopPid(
  pid: number,
  { graceMs = 10_000, what = `process ${pid}`, alive = () => isAlive(pid) } = {},
): Promise<void> {
  if (!alive()) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  try {
    await waitFor(() => !alive(), {
      what: `${what} to exit after SIGTERM`,
      timeoutMs: graceMs,
      intervalMs: 50,
    });
  } catch {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      return; // exited between the check and the kill
    }
    await waitFor(() => !alive(), {
      what: `${what} to exit after SIGKILL`,
      timeoutMs: 5_000,
      intervalMs: 50,
    });
  }
}
