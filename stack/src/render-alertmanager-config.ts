import { parseDocument } from "yaml";

export interface AlertmanagerRenderOptions {
  /** Service name → native `host:port` (e.g. `alert-receiver`). */
  readonly services: Readonly<Record<string, string>>;
  /** The file holding the receiver's bearer token. */
  readonly receiverTokenFile: string;
  /** The environment to read TRAINWATCH_SLACK_*, TRAINWATCH_SMTP_*, TRAINWATCH_ALERT_* from. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

type Receiver = Record<string, unknown>;

/** The people-facing receivers the environment turns on (all off when nothing is set). */
function configuredReceivers(
  env: AlertmanagerRenderOptions["env"],
  severity: "critical" | "warning",
): Receiver {
  const receiver: Receiver = {};
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

/**
 * Renders alertmanager.yml for a native stack: webhook URLs naming a stack service point at
 * its loopback address, the receiver token comes from `receiverTokenFile`, and the critical and
 * warning receivers get the Slack, e-mail and webhook configs the environment sets.
 */
export function renderAlertmanagerConfig(
  source: string,
  options: AlertmanagerRenderOptions,
): string {
  const document = parseDocument(source);
  if (document.errors.length > 0)
    throw new Error(`alertmanager.yml does not parse: ${document.errors[0]?.message}`);
  const receivers = document.toJS().receivers as {
    name: string;
    webhook_configs?: { url: string }[];
  }[];
  receivers.forEach((receiver, i) => {
    receiver.webhook_configs?.forEach((hook, j) => {
      const url = new URL(hook.url);
      const native = options.services[url.hostname];
      if (native)
        document.setIn(
          ["receivers", i, "webhook_configs", j, "url"],
          `http://${native}${url.pathname}`,
        );
      const tokenPath = [
        "receivers",
        i,
        "webhook_configs",
        j,
        "http_config",
        "authorization",
        "credentials_file",
      ];
      if (document.hasIn(tokenPath)) document.setIn(tokenPath, options.receiverTokenFile);
    });
    if (receiver.name === "critical" || receiver.name === "warning") {
      for (const [key, value] of Object.entries(configuredReceivers(options.env, receiver.name))) {
        document.setIn(["receivers", i, key], value);
      }
    }
  });
  return `# Rendered by trainwatch from prometheus/alertmanager/alertmanager.yml for this native stack; do not edit.\n${document.toString()}`;
}
