import { defaultThresholds, fastThresholds, type Thresholds } from "../thresholds.js";

/** One way of timing the alerts: the rules' thresholds and how often firing alerts are re-sent. */
export interface AlertTimingProfile {
  readonly thresholds: Thresholds;
  /** Prometheus' `--rules.alert.resend-delay` (Thanos Rule's `--resend-delay`). */
  readonly resendDelay: string;
}

/**
 * The alert timing profiles, by name: `production` (minutes, the committed rules) and `fast`
 * (seconds: the demo and the end-to-end suite, never production).
 */
export const alertTimings = {
  production: {
    thresholds: defaultThresholds,
    resendDelay: "1m",
  },
  fast: {
    thresholds: fastThresholds,
    resendDelay: "2s",
  },
} as const satisfies Record<string, AlertTimingProfile>;

export type AlertTiming = keyof typeof alertTimings;

/** The profile names, for a flag's choices (`z.enum(alertTimingNames)`). */
export const alertTimingNames = Object.keys(alertTimings) as [AlertTiming, ...AlertTiming[]];
