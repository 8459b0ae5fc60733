import { readdirSync, readFileSync } from "node:fs";

/** A process a soak watches: its name, pid and, where it serves one, the `/metrics` with its heap. */
export interface WatchedProcess {
  readonly name: string;
  readonly pid: number;
  readonly metricsUrl?: string;
}

/** One sample of a process: resident memory and heap in bytes, open file descriptors. */
export interface ProcessSample {
  readonly rss_bytes: number;
  readonly open_fds: number;
  /** Node's `nodejs_heap_size_used_bytes` or Go's `go_memstats_heap_inuse_bytes`; NaN without. */
  readonly heap_bytes: number;
}

/** The first sample of the first of `names` (metrics, or series as written) an exposition has, NaN if none. */
function firstSample(text: string, names: readonly string[]): number {
  const lines = text.split("\n");
  for (const name of names) {
    const line = lines.find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
    if (line) return Number(line.split(" ").at(-1));
  }
  return Number.NaN;
}

/** The first sample of `name` (a metric, or a series as written) at `url`, NaN if none. */
export async function scrapeFirst(url: string, name: string): Promise<number> {
  const text = await (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();
  return firstSample(text, [name]);
}

/** Samples `process` from /proc and its `/metrics`; undefined once it has ended. */
export async function sampleProcess(process: WatchedProcess): Promise<ProcessSample | undefined> {
  let rss: number;
  let fds: number;
  try {
    const status = readFileSync(`/proc/${process.pid}/status`, "utf8");
    rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) * 1024;
    fds = readdirSync(`/proc/${process.pid}/fd`).length;
  } catch {
    return undefined; // it ended
  }
  // One read: a Node process exports the first, a Go one the second.
  const heapOf = async (url: string) =>
    firstSample(await (await fetch(url, { signal: AbortSignal.timeout(5000) })).text(), [
      "nodejs_heap_size_used_bytes",
      "go_memstats_heap_inuse_bytes",
    ]);
  const heap = process.metricsUrl
    ? await heapOf(process.metricsUrl).catch(() => Number.NaN)
    : Number.NaN;
  return { rss_bytes: rss, open_fds: fds, heap_bytes: heap };
}
