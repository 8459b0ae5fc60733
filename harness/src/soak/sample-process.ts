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

/** The first sample of `name` (a metric, or a series as written) in an exposition, NaN if none. */
export async function scrapeFirst(url: string, name: string): Promise<number> {
  const text = await (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return Number(line?.split(" ").at(-1) ?? Number.NaN);
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
  const heapOf = async (url: string) => {
    const node = await scrapeFirst(url, "nodejs_heap_size_used_bytes");
    return Number.isNaN(node) ? scrapeFirst(url, "go_memstats_heap_inuse_bytes") : node;
  };
  const heap = process.metricsUrl
    ? await heapOf(process.metricsUrl).catch(() => Number.NaN)
    : Number.NaN;
  return { rss_bytes: rss, open_fds: fds, heap_bytes: heap };
}
