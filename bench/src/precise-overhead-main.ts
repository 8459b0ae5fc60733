#!/usr/bin/env node
// One process of the precise overhead measurement, run under callgrind, which counts the
// instructions of every thread:
//   node --predictable precise-overhead-main.js <off|on> <steps>
// Loads the data and builds the model; `on` then starts trainwatch's instrumentation as the
// trainer has it (metrics thread, heartbeat, recorder; its timers slowed as much as callgrind
// slows the process). Then two fits of `steps` batches of 64, `on` with the recorder's tfjs
// callback: one to warm up (compiling, the metrics thread settling), one measured between two
// `process.ppid` calls, whose getppid() callgrind dumps its counts before
// (--dump-before=getppid); the fit's dump is the one after the near-empty one. An `off` and an `on` process run the same instructions up to the
// fit, and in V8's predictable mode the same ones in it but for what the instrumentation adds.
import { setTimeout as sleep } from "node:timers/promises";
import { createTrainingRun } from "./training-run.js";

const [mode, steps] = [process.argv[2], Number(process.argv[3])];
if (!["off", "on"].includes(mode ?? "") || !Number.isInteger(steps)) {
  console.error("usage: precise-overhead-main.js <off|on> <steps>");
  process.exit(2);
}
const run = await createTrainingRun(steps * 64, { validationSize: 64 });
const instrumentation = mode === "on" ? await run.instrument(0, { slowdown: 40 }) : undefined;
const callbacks = instrumentation ? [instrumentation.callback] : [];
await run.fitSteps(steps, callbacks);
await sleep(3000);
process.ppid; // Node calls getppid() once at start-up too: two calls in a row mark where to count
process.ppid;
await run.fitSteps(steps, callbacks);
process.ppid;
await instrumentation?.close();
