const JOIN =
  "needs the GPU-to-job join: the replay gives its GPU to the trainers while they run in its load phase (from t=20 s), which a short run may not reach";

/**
 * Dashboard queries that may legitimately return nothing on a short native or containers run,
 * as `<uid> / <panel title> / <refId>` with the reason (whether they do can depend on how long
 * the run takes, e.g. on how far the replayed trace got). The join of GPUs to jobs needs the
 * trainers on the GPUs the collector reads; a replayed trace gives its GPU to the trainers
 * running (natively and in compose), from its load phase on.
 */
export const legitimatelyEmpty: Readonly<Record<string, string>> = {
  "trainwatch-training / Throughput / B": `job:gpu_utilization:avg ${JOIN}`,
  "trainwatch-training / Stop reason / A": "no run is stopped in a healthy run",
  "trainwatch-training / Progress and ETA / B":
    "an ETA exists only while a run runs and steps; a short run (about 10 s on wasm) can end before the 5 s rule evaluation records its step rate",
  "trainwatch-training / Best validation loss / C":
    "training_early_stop_patience exists only for runs started with --early-stop-patience, which the demo's are not",
  "trainwatch-training / Achieved FLOP/s and MFU / B": `MFU ${JOIN}`,
  "trainwatch-training / annotation Stops": "no run is stopped in a healthy run",
  "trainwatch-training / annotation GPU XID errors":
    "the replayed H100 trace (from real captures) has no XID event, and nvidia-smi cannot report them",
  "trainwatch-gpu-fleet / annotation GPU XID errors":
    "the replayed H100 trace (from real captures) has no XID event, and nvidia-smi cannot report them",
  "trainwatch-gpu-fleet / XID errors / A":
    "no XID event happened: a counter per code appears with its first event (NVML events; the replayed trace has none)",
  "trainwatch-gpu-fleet / PCIe replays / A":
    "PCIe replay counts come from NVML only; the replayed trace is built from nvidia-smi captures",
  "trainwatch-training / annotation Alerts":
    "a healthy short run raises no alert of severity warning or critical (Watchdog's none is left out)",
  "trainwatch-gpu-fleet / Memory per process / A":
    "the replayed trace lists GPU processes (the trainers running) only from t=20 s (idle before), which a short run may not reach",
  "trainwatch-gpu-fleet / Utilization per process / A":
    "the replayed trace lists GPU processes (the trainers running) only from t=20 s (idle before), which a short run may not reach",
  "trainwatch-run-comparison / Energy / A": `energy per job ${JOIN}`,
  "trainwatch-run-comparison / Cost and carbon / A":
    "prometheus/cost.yml prices nothing by default: cost needs a price per GPU-hour",
  "trainwatch-run-comparison / Cost and carbon / B":
    "prometheus/cost.yml prices nothing by default: carbon needs the grid's intensity",
  "trainwatch-run-comparison / Cost and carbon / C":
    "prometheus/cost.yml prices nothing by default: cost per accuracy point needs a price",
  "trainwatch-run-comparison / Joules per accuracy point / A": `cost per accuracy point ${JOIN}`,
  "trainwatch-training / annotation GPU thermal slowdown":
    "the replayed trace throttles from t=65 s to 90 s, which a short run may not reach (and it needs the GPU-to-job join)",
  "trainwatch-training / annotation Injected faults": "a healthy run injects no fault",
  "trainwatch-training / annotation Loss spikes": "a healthy run has no loss spike",
  "trainwatch-training / Goodput / B":
    "goodput over the last 5 minutes exists only while a run runs; a short run can end before the check",
  "trainwatch-gpu-fleet / annotation GPU thermal slowdown":
    "the replayed trace throttles from t=65 s to 90 s, which a short run may not reach",
};

/**
 * Why a whole panel may show no data (every one of its queries may be empty), or undefined when
 * it must draw.
 */
export function emptyPanelReason(
  uid: string,
  title: string,
  refIds: readonly string[],
): string | undefined {
  const reasons = refIds.map((refId) => legitimatelyEmpty[`${uid} / ${title} / ${refId}`]);
  return reasons.every((r) => r !== undefined) && reasons.length > 0
    ? reasons.join("; ")
    : undefined;
}
