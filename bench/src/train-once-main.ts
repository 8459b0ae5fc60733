#!/usr/bin/env node
// One training process of the overhead benchmark, so its memory is its own:
//   node train-once-main.js rss <off|on> <metrics port> <epochs> <train digits>
//     prints {maxRssBytes} after training without or with trainwatch's instrumentation;
//   node train-once-main.js alternate <rounds> <metrics port> <epochs> <train digits>
//     fits `epochs` epochs at a time, `rounds` times each way, interleaved in this one process
//     (off, hook, on, off, hook, on …), and prints each fit's examples/s: `off` without
//     instrumentation, `hook` with only an empty per-batch callback (what tfjs does for any such
//     hook), `on` with trainwatch's (recorder, tfjs callback, /metrics that Prometheus scrapes).
// One warm-up epoch (wasm compilation, JIT) is not counted.
import { createTrainingRun } from "./training-run.js";

const [command, modeOrRounds = "", ...numbers] = process.argv.slice(2);
const [port, epochs, trainSize] = numbers.map(Number) as [number, number, number];
if (
  !["rss", "alternate"].includes(command ?? "") ||
  ![port, epochs, trainSize].every(Number.isInteger)
) {
  console.error(
    "usage: train-once-main.js <rss off|on | alternate ROUNDS> <metrics port> <epochs> <train digits>",
  );
  process.exit(2);
}
const run = await createTrainingRun(trainSize);
await run.fit(1, []);
if (command === "rss") {
  const instrumentation = modeOrRounds === "on" ? await run.instrument(port) : undefined;
  await run.fit(epochs, instrumentation ? [instrumentation.callback] : []);
  await instrumentation?.close();
  console.log(JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
} else {
  const fits: Record<"off" | "hook" | "on", number[]> = { off: [], hook: [], on: [] };
  const cpu: Record<"off" | "hook" | "on", number[]> = { off: [], hook: [], on: [] };
  for (let round = 0; round < Number(modeOrRounds); round++) {
    const off = await run.fit(epochs, []);
    const hook = await run.fit(epochs, [{ onBatchEnd: () => undefined }]);
    const instrumentation = await run.instrument(port);
    const on = await run.fit(epochs, [instrumentation.callback]);
    await instrumentation.close();
    for (const [mode, result] of [
      ["off", off],
      ["hook", hook],
      ["on", on],
    ] as const) {
      fits[mode].push(result.perSecond);
      cpu[mode].push(result.perCpuSecond);
    }
  }
  console.log(JSON.stringify({ perSecond: fits, perCpuSecond: cpu }));
}
