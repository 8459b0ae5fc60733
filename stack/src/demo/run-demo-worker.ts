import { spawn } from "node:child_process";
import type { Logger } from "@trainwatch/cli-kit";
import { type DemoRole, demoRun } from "./demo-plan.js";

export interface DemoWorkerOptions {
  readonly role: DemoRole;
  /** The trainer program: its `trainwatch-trainer` shim, run with this Node. */
  readonly trainerCli: string;
  /** Flags every run gets (job, task, ports, Pushgateway…); each run adds its own. */
  readonly trainerArgs: readonly string[];
  /** A GPU collector whose thermal slowdowns slow every batch (injected), if one runs. */
  readonly gpuCollectorUrl?: string;
  readonly logger: Logger;
  /** Ends the series: the running trainer gets SIGTERM (it stops after its batch and pushes). */
  readonly signal: AbortSignal;
  /** Wait after a run that failed before starting the next (default 5 s). */
  readonly retryDelayMs?: number;
}

/**
 * Runs a demo worker's trainer runs one after another (`demoRun`), each in a process of its own
 * on the same ports, until `signal` aborts. A run that ends with a usage error (exit 2) ends the
 * series: the next one would fail alike. Resolves with the number of runs started.
 */
export async function runDemoWorker(options: DemoWorkerOptions): Promise<number> {
  const { logger, signal } = options;
  let index = 0;
  while (!signal.aborted) {
    const run = demoRun(options.role, index, options.gpuCollectorUrl);
    logger.info(run.story);
    const started = Date.now();
    const code = await runOnce(options, run.args);
    index += 1;
    if (signal.aborted) break;
    if (code === 2) {
      logger.warn("the trainer refused its flags (exit 2): no further runs");
      break;
    }
    if (code !== 0) {
      logger.warn(`run ${index} ended with exit code ${code ?? "by a signal"}`);
      await delay(options.retryDelayMs ?? 5000, signal);
    } else if (Date.now() - started < 1000) await delay(1000, signal);
  }
  return index;
}

function runOnce(options: DemoWorkerOptions, runArgs: readonly string[]): Promise<number | null> {
  const child = spawn(process.execPath, [options.trainerCli, ...options.trainerArgs, ...runArgs], {
    stdio: "inherit",
  });
  const stop = () => child.kill("SIGTERM");
  options.signal.addEventListener("abort", stop, { once: true });
  return new Promise((resolve) => {
    child.once("error", (error) => {
      options.logger.warn(`could not start the trainer: ${error.message}`);
      resolve(null);
    });
    child.once("exit", (code) => {
      options.signal.removeEventListener("abort", stop);
      resolve(code);
    });
  });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
