#!/usr/bin/env node
// One process of the precise overhead measurement, run under callgrind, which counts the
// instructions of every thread:
//   node --predictable precise-overhead-main.js <off|on> <steps-per-epoch> <slowdown> <port>
// Loads the data and builds the model; `on` then starts trainwatch's instrumentation as the
// trainer has it (metrics thread serving /metrics on `port`, heartbeat, recorder; its timers
// `slowdown` times slower, as the process runs under callgrind). Then three fits, `on` with the
// recorder's tfjs callback at per-step reporting: the first step alone (start-up ends with it),
// two epochs to warm up, two epochs measured (the steady state). Each phase ends at a
// `process.ppid`, whose getppid() callgrind dumps its counts before (--dump-before=getppid);
// two in a row after the first step (a near-empty dump) mark where the phases begin, since Node
// calls getppid() at start-up too. A full garbage collection before the steady state's fit and
// one at its end, counted in it, make it pay for the garbage it made: left to V8's schedule, a
// major collection fell into one mode's counted epochs and not the other's. Prints "first step"
// once start-up is counted (the benchmark starts scraping then) and, last, one line of JSON: the
// steady fit's milliseconds per step and when it began and ended (epoch milliseconds).
import { createTrainingRun } from "./training-run.js";

declare function gc(): void; // node --expose-gc

const [mode, steps, slowdown, port] = [
  process.argv[2],
  Number(process.argv[3]),
  Number(process.argv[4]),
  Number(process.argv[5]),
];
if (
  !["off", "on"].includes(mode ?? "") ||
  ![steps, slowdown, port].every((n) => Number.isInteger(n) && n > 0)
) {
  console.error("usage: precise-overhead-main.js <off|on> <steps-per-epoch> <slowdown> <port>");
  process.exit(2);
}
const run = await createTrainingRun(steps * 64, { validationSize: 64 });
const instrumentation = mode === "on" ? await run.instrument(port, { slowdown }) : undefined;
const callbacks = instrumentation ? [instrumentation.callback] : [];
await run.fitSteps(1, callbacks);
process.ppid;
process.ppid;
console.log("first step"); // after start-up's dump, so that no scrape falls into it
await run.fitSteps(steps, callbacks, 2);
gc();
process.ppid;
const start = performance.now();
await run.fitSteps(steps, callbacks, 2);
const end = performance.now();
gc();
process.ppid;
await instrumentation?.close();
const epochMs = (ms: number) => Math.round(performance.timeOrigin + ms);
console.log(
  JSON.stringify({
    msPerStep: (end - start) / (2 * steps),
    from: epochMs(start),
    to: epochMs(end),
  }),
);
