/** An Alertmanager receiver's notifier configs (`slack_configs`, …), by key. */
export type ReceiverConfigs = Record<string, unknown>;

/** The variables that turn the people-facing receivers on, with what each is for. */
export const peopleReceiverVariables = {
  TRAINWATCH_SLACK_WEBHOOK_URL: "Slack incoming webhook, for critical and warning alerts",
  TRAINWATCH_SLACK_CHANNEL: "its channel (default: the webhook's own)",
  TRAINWATCH_SMTP_SMARTHOST: "e-mail relay host:port, with TRAINWATCH_SMTP_FROM and",
  TRAINWATCH_ALERT_EMAIL_TO: "the address critical alerts go to",
  TRAINWATCH_ALERT_WEBHOOK_URL: "any webhook, for critical and warning alerts",
} as const;

/**
 * The notifiers the environment turns on for the `critical` or `warning` receiver: Slack and a
 * webhook for both, e-mail for critical alerts only. None when nothing is set.
 */
export function peopleReceivers(
  env: Readonly<Record<string, string | undefined>>,
  severity: "critical" | "warning",
): ReceiverConfigs {
  const receiver: ReceiverConfigs = {};
  if (env.TRAINWATCH_SLACK_WEBHOOK_URL) {
    receiver.slack_configs = [
      {
        api_url: env.TRAINWATCH_SLACK_WEBHOOK_URL,
        ...(env.TRAINWATCH_SLACK_CHANNEL && { channel: env.TRAINWATCH_SLACK_CHANNEL }),
        send_resolved: true,
        title: "{{ .CommonAnnotations.summary }}",
        text: "{{ range .Alerts }}{{ .Annotations.description }}\n{{ .Annotations.runbook_url }}\n{{ end }}",
      },
    ];
  }
  if (
    severity === "critical" &&
    env.TRAINWATCH_SMTP_SMARTHOST &&
    env.TRAINWATCH_SMTP_FROM &&
    env.TRAINWATCH_ALERT_EMAIL_TO
  ) {
    receiver.email_configs = [
      {
        to: env.TRAINWATCH_ALERT_EMAIL_TO,
        from: env.TRAINWATCH_SMTP_FROM,
        smarthost: env.TRAINWATCH_SMTP_SMARTHOST,
      },
    ];
  }
  if (env.TRAINWATCH_ALERT_WEBHOOK_URL)
    receiver.webhook_configs = [{ url: env.TRAINWATCH_ALERT_WEBHOOK_URL, send_resolved: true }];
  return receiver;
}
