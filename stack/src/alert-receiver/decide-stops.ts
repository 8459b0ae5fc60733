import type { ReceiverOutcome } from "@trainwatch/catalog";
import type { WebhookAlert } from "./alertmanager-payload.js";

/** What to do about one alert: stop its trainer (still to be located), or nothing, and why. */
export interface StopDecision {
  readonly alertname: string;
  readonly job: string | undefined;
  readonly task: string | undefined;
  readonly outcome: Exclude<ReceiverOutcome, "stop_failed" | "unknown_trainer">;
  /** Identifies the alert instance, so a repeated notification is not acted on twice. */
  readonly key: string;
}

/**
 * Decides, for each alert of a notification, whether to stop a trainer: only firing alerts
 * named in `stopAlerts`, with job and task labels, and not already handled. Pure: the caller
 * locates the trainers, makes the requests and remembers what it handled.
 */
export function decideStops(
  alerts: readonly WebhookAlert[],
  { stopAlerts, handled }: { stopAlerts: ReadonlySet<string>; handled: ReadonlySet<string> },
): StopDecision[] {
  return alerts.map((alert) => {
    const { alertname = "", job, task } = alert.labels;
    const key = alert.fingerprint
      ? `${alert.fingerprint}@${alert.startsAt}`
      : `${alertname}/${job}/${task}@${alert.startsAt}`;
    const decision = { alertname, job, task, key };
    if (alert.status === "resolved") return { ...decision, outcome: "resolved" };
    if (!stopAlerts.has(alertname)) return { ...decision, outcome: "not_stop_worthy" };
    if (job === undefined || task === undefined) return { ...decision, outcome: "no_job_task" };
    if (handled.has(key)) return { ...decision, outcome: "already_handled" };
    return { ...decision, outcome: "stop_requested" };
  });
}
