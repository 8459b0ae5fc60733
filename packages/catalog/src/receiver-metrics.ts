import { defineMetric } from "./define-metric.js";

/** What the alert receiver did with one alert of a notification. */
export const receiverOutcomes = [
  "stop_requested",
  "already_handled",
  "resolved",
  "not_stop_worthy",
  "no_job_task",
  "unknown_trainer",
  "stop_failed",
] as const;
export type ReceiverOutcome = (typeof receiverOutcomes)[number];

export const receiverNotifications = defineMetric({
  name: "trainwatch_receiver_notifications_total",
  type: "counter",
  unit: "",
  help: "Alertmanager notifications the early-stop receiver got, by result (accepted, bad_request, unauthorized).",
  labelNames: ["result"],
});

export const receiverDecisions = defineMetric({
  name: "trainwatch_receiver_decisions_total",
  type: "counter",
  unit: "",
  help: "Decisions the early-stop receiver took, one per alert of a notification, by alert and outcome.",
  labelNames: ["alertname", "outcome"],
});

/** The early-stop receiver's own metrics. */
export const receiverMetrics = [receiverNotifications, receiverDecisions] as const;
