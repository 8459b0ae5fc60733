/**
 * How often per-step values (loss, accuracy) are reported: every step, every N steps, or once
 * per epoch. Counters and the step histogram always count every step that is recorded.
 */
export type ReportMode =
  | { readonly kind: "step" }
  | { readonly kind: "steps"; readonly every: number }
  | { readonly kind: "epoch" };

/** Parses `step`, `epoch` or `steps:N` (N ≥ 1); returns undefined for anything else. */
export function parseReportMode(text: string): ReportMode | undefined {
  if (text === "step" || text === "epoch") return { kind: text };
  const match = /^steps:([1-9][0-9]{0,6})$/.exec(text);
  return match ? { kind: "steps", every: Number(match[1]) } : undefined;
}
