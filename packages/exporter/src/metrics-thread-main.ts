import { parentPort, workerData } from "node:worker_threads";
import type { MetricsThreadData } from "./metrics-thread-protocol.js";
import { runMetricsThread } from "./run-metrics-thread.js";

// The entry point of the worker `startMetricsThread` starts.
if (!parentPort) throw new Error("metrics-thread-main runs only as a worker thread");
await runMetricsThread(workerData as MetricsThreadData, parentPort);
