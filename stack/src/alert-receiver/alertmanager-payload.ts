import { z } from "zod";

const labels = z.record(z.string(), z.string());

/** One alert of an Alertmanager webhook notification. */
export const webhookAlertSchema = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: labels.refine(
    (l) => typeof l.alertname === "string",
    "every alert needs an alertname label",
  ),
  annotations: labels.default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

/** Alertmanager's webhook payload, version 4 (the only version it sends). */
export const webhookPayloadSchema = z.object({
  version: z.literal("4"),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: z.string(),
  alerts: z.array(webhookAlertSchema).min(1),
});

export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type WebhookAlert = z.infer<typeof webhookAlertSchema>;
