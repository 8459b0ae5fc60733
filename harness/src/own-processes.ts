import { readdirSync, readFileSync } from "node:fs";

/**
 * The command lines of this machine's processes that name `dir` (a checkout's programs and the
 * services they started with paths under it), this one left out.
 */
export function ownProcessesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let command: string;
    try {
      command = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
    } catch {
      continue; // ended meanwhile
    }
    if (command.includes(dir)) found.push(`${entry}: ${command}`);
  }
  return found;
}
