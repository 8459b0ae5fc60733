import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import getPort from "get-port";
import { runUnderCallgrind } from "./callgrind.js";
import { selfCosts } from "./callgrind-self-costs.js";

const child = fileURLToPath(new URL("./precise-overhead-main.js", import.meta.url));

/** Training without trainwatch, or with it as the trainer has it. */
export type Mode = "off" | "on";

/** The instructions of one training process under callgrind, by phase. */
export interface ProcessCounts {
  /** From the process' start to the end of its first step. */
  readonly startup: number;
  /** The two epochs after two more that warm up: the steady state. */
  readonly steady: number;
  /** The steady state's instructions by function (their own, callees not included). */
  readonly steadyByFunction: Map<string, number>;
  /** Milliseconds per steady step under callgrind. */
  readonly msPerStep: number;
  /** Scrapes of its /metrics that began in the steady state (`on` only). */
  readonly steadyScrapes: number;
}

/** The steady fit as precise-overhead-main.js reports it on its last line. */
export function readSteadyFit(stdout: string): { msPerStep: number; from: number; to: number } {
  return JSON.parse(stdout.trim().split("\n").at(-1) as string);
}

/**
 * Fetches `url` every `intervalMs` until `signal` aborts (a failed fetch, before the server
 * listens, is tried again a second later); returns when each successful scrape began.
 */
async function scrapeEvery(url: string, intervalMs: number, signal: AbortSignal) {
  const began: number[] = [];
  while (!signal.aborted) {
    const start = Date.now();
    const ok = await fetch(url, { signal })
      .then(async (response) => {
        await response.text();
        return response.ok;
      })
      .catch(() => false);
    if (ok) began.push(start);
    await sleep(ok ? Math.max(0, start + intervalMs - Date.now()) : 1000, undefined, {
      signal,
    }).catch(() => undefined);
  }
  return began;
}

/**
 * Runs one process of precise-overhead-main.js under callgrind: `mode`, `stepsPerEpoch`, its
 * timers `slowdown` times slower, and for `on` a scrape of its /metrics every `slowdown`
 * seconds (one per second at full speed), as Prometheus would, once start-up is counted (whether
 * a scrape fell into start-up would depend on callgrind's pace).
 */
export async function countTrainingProcess(
  mode: Mode,
  { stepsPerEpoch, slowdown }: { readonly stepsPerEpoch: number; readonly slowdown: number },
): Promise<ProcessCounts> {
  const port = await getPort();
  const stop = new AbortController();
  let scrapes: Promise<number[]> = Promise.resolve([]);
  const run = await runUnderCallgrind(
    child,
    [mode, String(stepsPerEpoch), String(slowdown), String(port)],
    (line) => {
      if (mode === "on" && line === "first step") {
        scrapes = scrapeEvery(`http://127.0.0.1:${port}/metrics`, slowdown * 1000, stop.signal);
      }
    },
  ).finally(() => stop.abort());
  const counts = run.dumps.map((dump) => dump.instructions);
  // The near-empty dump between the two marks in a row after the first step.
  const mark = counts.findIndex((count) => count < 1_000_000);
  const steady = run.dumps[mark + 2]; // after the warm-up's
  if (mark < 1 || !steady) {
    throw new Error(`callgrind's dumps are not as expected: ${counts.join(", ")}`);
  }
  const { msPerStep, from, to } = readSteadyFit(run.stdout);
  return {
    startup: counts.slice(0, mark + 1).reduce((a, b) => a + b, 0),
    steady: steady.instructions,
    steadyByFunction: selfCosts(steady.text, run.perfMap),
    msPerStep,
    steadyScrapes: (await scrapes).filter((t) => t >= from && t < to).length,
  };
}
