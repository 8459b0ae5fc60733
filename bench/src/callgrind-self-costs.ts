import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** V8's perf map of one process: where each piece of generated code starts, its size and name. */
export interface PerfMap {
  readonly starts: readonly bigint[];
  readonly ends: readonly bigint[];
  readonly names: readonly string[];
}

/** Reads `/tmp/perf-<pid>.map`, written by `node --perf-basic-prof`; empty when there is none. */
export function readPerfMap(pid: number): PerfMap {
  const path = join(tmpdir(), `perf-${pid}.map`);
  return parsePerfMap(existsSync(path) ? readFileSync(path, "utf8") : "");
}

/**
 * Parses a perf map (`<start> <size> <name>` per line, hexadecimal, in the order the code was
 * made). Where code was made at an address used before, the later entry wins.
 */
export function parsePerfMap(text: string): PerfMap {
  const entries = text
    .split("\n")
    .map((line) => /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, start, size, name]) => ({
      start: BigInt(`0x${start}`),
      end: BigInt(`0x${start}`) + BigInt(`0x${size}`),
      name: name as string,
    }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return {
    starts: entries.map((e) => e.start),
    ends: entries.map((e) => e.end),
    names: entries.map((e) => e.name),
  };
}

/** The name V8 gave the code at `address`, or undefined. */
function codeAt(map: PerfMap, address: bigint): string | undefined {
  let [low, high] = [0, map.starts.length - 1];
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((map.starts[mid] as bigint) <= address) low = mid + 1;
    else high = mid - 1;
  }
  return high >= 0 && address < (map.ends[high] as bigint) ? map.names[high] : undefined;
}

/**
 * A readable name for a function of a callgrind dump: V8's name for generated code (callgrind
 * knows it only by address), without its compiler tier (`JS:^`, `JS:*`, `-turbofan` …) so that
 * one function's tiers add up, and with paths shortened to the package and file.
 */
export function functionName(dumped: string, map: PerfMap): string {
  const name = dumped.replace(/'\d+$/, ""); // callgrind's mark of a recursive call
  const address = /^0x([0-9a-f]+)$/.exec(name)?.[1];
  if (address === undefined) return name;
  const code = codeAt(map, BigInt(`0x${address}`));
  if (code === undefined) return "(generated code V8 did not name)";
  return code
    .replace(/^(JS|Builtin|Script|Eval|RegExp|Function):[~^+*]?/, "")
    .replace(/^(wasm-function\[\d+\])-\d+-(liftoff|turbofan)$/, "$1 (WebAssembly)")
    .replace(/(?:file:\/\/)?\S*\/node_modules\/(?:\.pnpm\/\S+?\/node_modules\/)?/, "")
    .replace(/(?:file:\/\/)?\/\S*\/packages\//, "")
    .replace(/:(\d+):\d+$/, ":$1")
    .trim();
}

/**
 * Each function's own instructions in a callgrind dump (calls to other functions not included),
 * by `functionName`. Reads callgrind's format: `fn=(id) name` (later just `fn=(id)`) starts a
 * function's lines, `cfn=` names a callee, and the cost line after `calls=` is the call's
 * inclusive cost, which belongs to the callee.
 */
export function selfCosts(dump: string, map: PerfMap): Map<string, number> {
  const names = new Map<string, string>();
  const costs = new Map<string, number>();
  let current = "";
  let afterCalls = false;
  for (const line of dump.split("\n")) {
    const fn = /^(c?fn)=\((\d+)\)(?: (.*))?$/.exec(line);
    if (fn) {
      const [, key, id, name] = fn as unknown as [string, string, string, string | undefined];
      if (name !== undefined) names.set(id, functionName(name, map));
      if (key === "fn") current = names.get(id) ?? id;
      continue;
    }
    if (line.startsWith("calls=")) {
      afterCalls = true;
      continue;
    }
    const cost = /^[-+*\d]\S* (\d+)/.exec(line);
    if (!cost) continue;
    if (afterCalls) afterCalls = false;
    else costs.set(current, (costs.get(current) ?? 0) + Number(cost[1]));
  }
  return costs;
}
