import type { ReceiverOutcome } from "@trainwatch/catalog";
import type { WebhookAlert } from "./alertmanager-payload.js";
import type { TrainerDirectory } from "./trainer-directory.js";

/** What to do about one alert: stop a trainer (at `url`), or nothing, and why. */
export interface StopDecision {
  readonly alertname: string;
  readonly job: string | undefined;
  readonly task: string | undefined;
  readonly outcome: Exclude<ReceiverOutcome, "stop_failed">;
  readonly url?: string;
  /** Identifies the alert instance, so a repeated notification is not acted on twice. */
  readonly key: string;
}

/**
 * Decides, for each alert of a notification, whether to stop a trainer: only firing alerts
 * named in `stopAlerts`, with job and task labels naming a trainer of the directory, and not
 * already handled. Pure: the caller makes the requests and remembers what it handled.
 */
export function decideStops(
  alerts: readonly WebhookAlert[],
  {
    stopAlerts,
    directory,
    handled,
  }: { stopAlerts: ReadonlySet<string>; directory: TrainerDirectory; handled: ReadonlySet<string> },
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
    const trainer = directory.find((t) => t.job === job && t.task === task);
    if (!trainer) return { ...decision, outcome: "unknown_trainer" };
    return { ...decision, outcome: "stop_requested", url: trainer.url };
  });
}
