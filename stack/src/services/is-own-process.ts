import { readFileSync } from "node:fs";
import { isAlive } from "@trainwatch/native-services";

/**
 * True when `pid` is alive and its command line contains `needle`, so `trainwatch down` never
 * signals an unrelated process that reused the pid of one that ended long ago. Where /proc is
 * missing (not Linux), liveness alone decides.
 */
export function isOwnProcess(pid: number, needle: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(needle);
  } catch {
    return true;
  }
}
