import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * This machine's processes whose command (program and first argument, e.g. `node
 * /app/node_modules/.bin/trainwatch-trainer`) matches `pattern`, by pid; never this process.
 * Matching the first two words only keeps out wrappers that name the program later
 * (`docker-init -- trainwatch-entrypoint trainwatch-trainer …`).
 */
export function listLiveProcesses(pattern: RegExp, proc = "/proc"): number[] {
  let entries: string[];
  try {
    entries = readdirSync(proc);
  } catch {
    return []; // no /proc (not Linux): no process to give the GPUs to
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let command: string;
    try {
      command = readFileSync(join(proc, entry, "cmdline"), "utf8");
    } catch {
      continue; // ended meanwhile
    }
    const [program = "", first = ""] = command.split("\0");
    if (pattern.test(`${program} ${first}`.trim())) pids.push(Number(entry));
  }
  return pids.sort((a, b) => a - b);
}
