import { exporterLastPushSuccess, exporterPushes } from "@trainwatch/catalog";
import type { Logger } from "@trainwatch/cli-kit";
import pRetry, { AbortError } from "p-retry";
import { Counter, Gauge, type Registry } from "prom-client";
import { pushgatewayGroupUrl } from "./pushgateway-group-url.js";
import { type RenderedMetrics, renderMetrics } from "./render-metrics.js";

export interface PushgatewayPusherOptions {
  /** Base URL of the Pushgateway, e.g. `http://127.0.0.1:9091`. */
  readonly url: string;
  /** Where the push counters are registered, and what is pushed unless `render` says otherwise. */
  readonly registry: Registry;
  /** Renders what is pushed (Prometheus text); default: `registry`. */
  readonly render?: () => Promise<RenderedMetrics>;
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
  /** Like `push`, and hands back what it pushed, for a caller that must keep a failed push. */
  pushRendered(): Promise<{ accepted: boolean; pushed: RenderedMetrics }>;
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
    render = () => renderMetrics(registry),
  } = options;
  const groupUrl = pushgatewayGroupUrl(options.url, { job, task });
  const pushes = new Counter({ ...counterConfig(exporterPushes), registers: [registry] });
  const lastSuccess = new Gauge({
    ...counterConfig(exporterLastPushSuccess),
    registers: [registry],
  });
  pushes.inc({ job, task, outcome: "success" }, 0);
  pushes.inc({ job, task, outcome: "failure" }, 0);

  const attempt = async ({ contentType, body }: RenderedMetrics) => {
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

  const pushNow = async (): Promise<{ accepted: boolean; pushed: RenderedMetrics }> => {
    // Rendered once: every retry sends the same state, and a caller can keep what failed.
    const pushed = await render();
    try {
      await pRetry(() => attempt(pushed), {
        retries: attempts - 1,
        minTimeout: 100,
        factor: 2,
        maxRetryTime: deadlineMs,
      });
      pushes.inc({ job, task, outcome: "success" });
      lastSuccess.set({ job, task }, Date.now() / 1000);
      return { accepted: true, pushed };
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
      return { accepted: false, pushed };
    }
  };

  // One push at a time, in order: a retried early push never lands after a later one.
  let last: Promise<unknown> = Promise.resolve();
  const pushRendered = () => {
    const next = last.then(pushNow, pushNow);
    last = next;
    return next;
  };
  const push = async () => (await pushRendered()).accepted;

  return {
    push,
    pushRendered,
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
