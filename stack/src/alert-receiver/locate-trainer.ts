import { trainingInfo } from "@trainwatch/catalog";
import { z } from "zod";

/** Finds where the trainer of a (job, task) answers: its base URL, or undefined when none runs. */
export type LocateTrainer = (job: string, task: string) => Promise<string | undefined>;

export interface QueryLocatorOptions {
  /** A Prometheus-compatible query API: Prometheus, Thanos Query, VictoriaMetrics… */
  readonly queryUrl: string;
  /** How the trainers' control endpoint is reached (default http). */
  readonly scheme?: "http" | "https";
  readonly timeoutMs?: number;
}

const vectorSchema = z.object({
  status: z.literal("success"),
  data: z.object({
    resultType: z.literal("vector"),
    result: z.array(
      z.object({
        metric: z.record(z.string(), z.string()),
        value: z.tuple([z.number(), z.string()]),
      }),
    ),
  }),
});

/** A PromQL string literal holding `value` exactly. */
const promqlString = (value: string) => JSON.stringify(value);

/**
 * Locates trainers from the metrics themselves: the `instance` (the address it was scraped at)
 * of the newest `training_info` of that job and task, through the query API. The same lookup
 * works natively, in compose, across nodes and on Kubernetes, with no list of trainers to keep.
 * Copies pushed to a Pushgateway (instance="") are not trainers; of several instances (a run
 * restarted elsewhere within the lookback), the one scraped last wins. A trainer that serves its
 * control endpoint on a port of its own (`--control-port`) is reached there, on the same host.
 *
 * @throws Error naming the query endpoint when it cannot answer.
 */
export function createQueryTrainerLocator(options: QueryLocatorOptions): LocateTrainer {
  const scheme = options.scheme ?? "http";
  return async (job, task) => {
    const query = `timestamp(${trainingInfo.name}{job=${promqlString(job)}, task=${promqlString(task)}, instance!=""})`;
    const url = `${options.queryUrl}/api/v1/query?${new URLSearchParams({ query })}`;
    let status: number;
    let text: string;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw new Error(
        `the query API at ${options.queryUrl} did not answer: ${(error as Error).message}`,
        { cause: error },
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined; // not JSON: reported below with the text
    }
    const parsed = vectorSchema.safeParse(body);
    if (!parsed.success)
      throw new Error(
        `the query API at ${options.queryUrl} answered ${status}: ${text.slice(0, 200)}`,
      );
    const newest = parsed.data.data.result
      .filter((series) => series.metric.instance)
      .sort((a, b) => Number(b.value[1]) - Number(a.value[1]))[0];
    if (!newest) return undefined;
    // A trainer with a control port of its own says so in training_info (`control_port`).
    const { instance, control_port: controlPort } = newest.metric;
    if (!controlPort) return `${scheme}://${instance}`;
    return `${scheme}://${new URL(`${scheme}://${instance}`).hostname}:${controlPort}`;
  };
}
