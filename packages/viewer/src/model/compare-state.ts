/** How runs are overlaid: against their step count, or the time since each began (TensorBoard's Relative). */
export type CompareX = "step" | "relative";

/** What a comparison URL carries: `/compare?run=a1b2&run=c3d4&x=step&smoothing=0.6&from=now-6h&to=now`. */
export interface CompareState {
  /** The run_ids overlaid, in the order chosen. */
  readonly runs: readonly string[];
  readonly x: CompareX;
  /** TensorBoard's smoothing weight for the loss curves, 0 (raw) to 0.99. */
  readonly smoothing: number;
  readonly from: string;
  readonly to: string;
}

/** The comparison's range when the URL names none: the run comparison dashboard's. */
export const defaultCompareRange = { from: "now-6h", to: "now" } as const;

/** Reads a comparison URL; a smoothing outside 0–0.99 is clamped, an unknown x-axis is steps. */
export function parseCompareState(search: string): CompareState {
  const params = new URLSearchParams(search);
  const smoothing = Number(params.get("smoothing") ?? 0);
  return {
    runs: [...new Set(params.getAll("run").filter((r) => r !== ""))],
    x: params.get("x") === "relative" ? "relative" : "step",
    smoothing: Number.isFinite(smoothing) ? Math.min(0.99, Math.max(0, smoothing)) : 0,
    from: params.get("from") ?? defaultCompareRange.from,
    to: params.get("to") ?? defaultCompareRange.to,
  };
}

/** Writes the state back, so a link opens the same comparison. */
export function formatCompareState(state: CompareState): string {
  const params = new URLSearchParams();
  for (const run of state.runs) params.append("run", run);
  params.set("x", state.x);
  params.set("smoothing", String(state.smoothing));
  params.set("from", state.from);
  params.set("to", state.to);
  return params.toString();
}
