#!/usr/bin/env node
// The process the precise overhead measurement runs under callgrind, which counts the
// instructions of every thread:
//   node precise-overhead-main.js <rounds> <steps>
// After a warm-up, starts trainwatch's instrumentation as the trainer has it (metrics thread,
// heartbeat, recorder) with its timers slowed as much as callgrind slows the process, then fits
// `steps` batches of 64 without its tfjs callback and with it, `rounds` times, in turn (without
// first in even rounds, with first in odd ones, so neither always follows the other). Every fit
// ends with `process.ppid`, whose getppid() call callgrind dumps its counts before
// (--dump-before=getppid); two calls in a row first make a near-empty dump to count from.
import { setTimeout as sleep } from "node:timers/promises";
import { createTrainingRun } from "./training-run.js";

const [rounds, steps] = process.argv.slice(2).map(Number) as [number, number];
if (!Number.isInteger(rounds) || !Number.isInteger(steps)) {
  console.error("usage: precise-overhead-main.js <rounds> <steps>");
  process.exit(2);
}
const mark = () => process.ppid;
const run = await createTrainingRun(steps * 64, { validationSize: 64 });
await run.fitSteps(steps, []);
const instrumentation = await run.instrument(0, { slowdown: 40 });
await run.fitSteps(steps, [instrumentation.callback]);
await sleep(3000); // the metrics thread's start-up work (compiling, GC) is over
mark();
mark();
for (let round = 0; round < rounds; round++) {
  const order =
    round % 2 === 0 ? [[], [instrumentation.callback]] : [[instrumentation.callback], []];
  for (const callbacks of order) {
    await run.fitSteps(steps, callbacks);
    mark();
  }
}
await instrumentation.close();
