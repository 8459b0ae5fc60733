/**
 * The alerts worth stopping a run for, in one place: Alertmanager's early-stop route (the
 * committed alertmanager.yml and the Kubernetes AlertmanagerConfig) and the receiver's default
 * `--stop-alerts` are all made from this list.
 */
export const stopAlerts = [
  "TrainingLossNaN",
  "TrainingStalled",
  "TrainingLossDiverging",
  "TrainingNoImprovement",
] as const;

export type StopAlert = (typeof stopAlerts)[number];

/**
 * How the early-stop route groups and sends: one group per run, sent at once and again every
 * 10 s while it changes, so a stop waits for no batch of other alerts.
 */
export const earlyStopRoute = {
  receiver: "early-stop",
  matcher: `alertname=~"${stopAlerts.join("|")}"`,
  groupBy: ["alertname", "job", "task"],
  groupWait: "0s",
  groupInterval: "10s",
  repeatInterval: "4h",
} as const;
