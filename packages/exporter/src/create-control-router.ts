import { createAuthMiddleware } from "@trainwatch/http-kit";
import express, { type Router } from "express";
import { z } from "zod";

/** A stop reason becomes a label value later, so it is a short name, not free text. */
export const stopReasonSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_]{0,63}$/,
    "expected a short name such as TrainingStalled (letters, digits, _)",
  );

const stopBody = z.object({ reason: stopReasonSchema.default("control") }).strict();

export interface ControlRouterOptions {
  /** Bearer token required by the control endpoints; undefined disables them. */
  readonly token: string | undefined;
  /** Asks the run to stop after the current batch; returns the run's state afterwards. */
  readonly stop: (reason: string) => { state: string };
}

/**
 * Creates `POST /control/stop` (JSON body `{"reason": "…"}`): stops training after the current
 * batch. Idempotent: asking again, or after the run ended, changes nothing and says so.
 */
export function createControlRouter({ token, stop }: ControlRouterOptions): Router {
  const router = express.Router();
  if (token === undefined) {
    router.post("/control/stop", (_req, res) => {
      res.status(403).json({
        error: "remote control is disabled: start the trainer with TRAINWATCH_CONTROL_TOKEN set",
      });
    });
    return router;
  }
  router.post(
    "/control/stop",
    createAuthMiddleware({ kind: "bearer", token }),
    express.json({ limit: "4kb", strict: true }),
    (req, res) => {
      const parsed = stopBody.safeParse(req.body ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map(
          (i) => `${i.path.join(".") || "body"}: ${i.message}`,
        );
        res.status(400).json({ error: issues.join("; ") });
        return;
      }
      res.status(202).json(stop(parsed.data.reason));
    },
  );
  return router;
}
