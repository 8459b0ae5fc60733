import {
  type ReceiverOutcome,
  receiverDecisions,
  receiverNotifications,
} from "@trainwatch/catalog";
import type { Logger } from "@trainwatch/cli-kit";
import { createMetricsApp } from "@trainwatch/exporter";
import {
  createAuthMiddleware,
  createWebConfigMiddleware,
  type LoadedWebConfig,
} from "@trainwatch/http-kit";
import express, { type Express } from "express";
import { Counter, type Registry } from "prom-client";
import type { Dispatcher } from "undici";
import { webhookPayloadSchema } from "./alertmanager-payload.js";
import { decideStops } from "./decide-stops.js";
import type { LocateTrainer } from "./locate-trainer.js";
import { requestStop } from "./request-stop.js";

export interface AlertReceiverOptions {
  readonly registry: Registry;
  /** Shared secret Alertmanager sends as a bearer token. */
  readonly token: string;
  /** Bearer token of the trainers' POST /control/stop. */
  readonly controlToken: string;
  /** Alert names that stop a run. */
  readonly stopAlerts: ReadonlySet<string>;
  /** Where the trainer of a job and task answers (`createQueryTrainerLocator`: from the metrics). */
  readonly locateTrainer: LocateTrainer;
  readonly logger: Logger;
  /** Limit of one stop request; default 5000 ms. */
  readonly stopTimeoutMs?: number;
  /** How stop requests connect: e.g. an undici `Agent` with a CA and client certificate. */
  readonly trainerDispatcher?: Dispatcher;
  /** web.yml's headers and client-certificate policy (its TLS is the server's). */
  readonly web?: LoadedWebConfig;
}

const counter = (
  registry: Registry,
  d: { name: string; help: string; labelNames: readonly string[] },
) =>
  new Counter({ name: d.name, help: d.help, labelNames: [...d.labelNames], registers: [registry] });

/**
 * Creates the early-stop receiver: `POST /alerts` takes Alertmanager webhook payloads (v4) from
 * a sender holding the shared secret, and for stop-worthy firing alerts locates the trainer
 * named by their job and task and asks it to stop, with the alert name as the reason. A bad payload gets 400 and
 * stops nothing; repeats and resolved notifications change nothing. Every decision is logged
 * and counted; `GET /metrics` and `/healthz` serve the receiver's own state.
 */
export function createAlertReceiverApp(options: AlertReceiverOptions): Express {
  const { registry, logger } = options;
  const notifications = counter(registry, receiverNotifications);
  const decisions = counter(registry, receiverDecisions);
  const handled = new Set<string>();
  const app = createMetricsApp({
    registry,
    ...(options.web && { before: createWebConfigMiddleware(options.web.config) }),
  });

  app.post(
    "/alerts",
    (_req, res, next) => {
      res.on("finish", () => {
        if (res.statusCode === 401) notifications.inc({ result: "unauthorized" });
      });
      next();
    },
    createAuthMiddleware({ kind: "bearer", token: options.token }),
    express.json({ limit: "1mb" }),
    async (req, res) => {
      const parsed = webhookPayloadSchema.safeParse(req.body);
      if (!parsed.success) {
        notifications.inc({ result: "bad_request" });
        const issue = parsed.error.issues[0];
        res.status(400).json({
          error: `not an Alertmanager v4 payload: ${issue?.path.join(".") || "body"}: ${issue?.message}`,
        });
        return;
      }
      notifications.inc({ result: "accepted" });
      const results = await Promise.all(
        decideStops(parsed.data.alerts, { stopAlerts: options.stopAlerts, handled }).map(
          async (decision) => {
            let outcome: ReceiverOutcome = decision.outcome;
            let state: string | undefined;
            if (
              decision.outcome === "stop_requested" &&
              decision.job !== undefined &&
              decision.task !== undefined
            ) {
              try {
                const url = await options.locateTrainer(decision.job, decision.task);
                if (url) {
                  state = await requestStop(url, decision.alertname, {
                    controlToken: options.controlToken,
                    timeoutMs: options.stopTimeoutMs,
                    dispatcher: options.trainerDispatcher,
                  });
                  handled.add(decision.key);
                  if (handled.size > 10_000)
                    handled.delete(handled.values().next().value as string);
                } else outcome = "unknown_trainer";
              } catch (error) {
                outcome = "stop_failed";
                state = (error as Error).message;
              }
            }
            decisions.inc({ alertname: decision.alertname, outcome });
            logger.info(
              `${decision.alertname} ${decision.job ?? "-"}/${decision.task ?? "-"}: ${outcome}${state ? ` (${state})` : ""}`,
            );
            return {
              alertname: decision.alertname,
              job: decision.job,
              task: decision.task,
              outcome,
              state,
            };
          },
        ),
      );
      // A failed stop asks Alertmanager to retry the notification.
      res
        .status(results.some((r) => r.outcome === "stop_failed") ? 502 : 200)
        .json({ decisions: results });
    },
  );
  return app;
}
