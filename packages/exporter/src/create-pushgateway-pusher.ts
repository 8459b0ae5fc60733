import { exporterLastPushSuccess, exporterPushes } from "@trainwatch/catalog";
import type { Logger } from "@trainwatch/cli-kit";
import pRetry, { AbortError } from "p-retry";
import { Counter, Gauge, type Registry } from "prom-client";
import { renderMetrics } from "./render-metrics.js";

export interface PushgatewayPusherOptions {
  /** Base URL of the Pushgateway, e.g. `http://127.0.0.1:9091`. */
  readonly url: string;
  readonly registry: Registry;
  readonly job: string;
  readonly task: string;
  readonly logger: Logger;
  /** Attempts per push, the first included; default 4. */
  readonly attempts?: number;
  /** Limit of one HTTP attempt; default 2000 ms. */
  readonly attemptTimeoutMs?: number;
  /** Limit of one push, retries included; default 8000 ms. */
  readonly deadlineMs?: number;
}

/** Pushes a registry to the Pushgateway; never throws into training. */
export interface PushgatewayPusher {
  /** PUTs the registry's current state under `job`/`task`; resolves true when accepted. */
  push(): Promise<boolean>;
  /** Pushes every `intervalMs` until the returned handle is stopped (for short-lived jobs). */
  startPeriodic(intervalMs: number): { stop(): void };
  /** The grouping URL pushed to. */
  readonly groupUrl: string;
}

/**
 * Creates a pusher whose PUTs are checked (2xx or it failed), retried with backoff on network
 * errors, 5xx and 429, and bounded in time. A push that still fails is counted in
 * `trainwatch_exporter_pushes_total{outcome="failure"}` and logged once.
 */
export function createPushgatewayPusher(options: PushgatewayPusherOptions): PushgatewayPusher {
  const {
    registry,
    job,
    task,
    logger,
    attempts = 4,
    attemptTimeoutMs = 2000,
    deadlineMs = 8000,
  } = options;
  const groupUrl = `${options.url.replace(/\/+$/, "")}/metrics/job/${encodeURIComponent(job)}/task/${encodeURIComponent(task)}`;
  const pushes = new Counter({ ...counterConfig(exporterPushes), registers: [registry] });
  const lastSuccess = new Gauge({
    ...counterConfig(exporterLastPushSuccess),
    registers: [registry],
  });
  pushes.inc({ job, task, outcome: "success" }, 0);
  pushes.inc({ job, task, outcome: "failure" }, 0);

  const attempt = async () => {
    const { contentType, body } = await renderMetrics(registry);
    const response = await fetch(groupUrl, {
      method: "PUT",
      headers: { "Content-Type": contentType },
      body,
      signal: AbortSignal.timeout(attemptTimeoutMs),
    });
    if (response.ok) return;
    const detail = `${response.status} ${(await response.text()).trim().slice(0, 200)}`;
    const error = new Error(`Pushgateway answered ${detail}`);
    throw response.status >= 500 || response.status === 429 ? error : new AbortError(error);
  };

  const pushNow = async (): Promise<boolean> => {
    try {
      await pRetry(attempt, {
        retries: attempts - 1,
        minTimeout: 100,
        factor: 2,
        maxRetryTime: deadlineMs,
      });
      pushes.inc({ job, task, outcome: "success" });
      lastSuccess.set({ job, task }, Date.now() / 1000);
      return true;
    } catch (error) {
      pushes.inc({ job, task, outcome: "failure" });
      const why =
        error instanceof Error
          ? error.cause instanceof Error
            ? `${error.message}: ${error.cause.message}`
            : error.message
          : String(error);
      logger.warnOnce(
        "push",
        `push to ${groupUrl} failed after ${attempts} attempts (${why}); training goes on. Check that the Pushgateway runs there, or fix --pushgateway-url`,
      );
      return false;
    }
  };

  // One push at a time, in order: a retried early push never lands after a later one.
  let last: Promise<boolean> = Promise.resolve(true);
  const push = (): Promise<boolean> => {
    last = last.then(pushNow, pushNow);
    return last;
  };

  return {
    push,
    groupUrl,
    startPeriodic(intervalMs) {
      let inFlight = false;
      const timer = setInterval(() => {
        if (inFlight) return;
        inFlight = true;
        void push().finally(() => {
          inFlight = false;
        });
      }, intervalMs);
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
  };
}

function counterConfig(definition: { name: string; help: string; labelNames: readonly string[] }) {
  return { name: definition.name, help: definition.help, labelNames: [...definition.labelNames] };
}
