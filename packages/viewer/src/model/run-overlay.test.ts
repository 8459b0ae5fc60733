import { describe, expect, it } from "vitest";
import { type RunCurves, runOverlay } from "./run-overlay.js";

// Two runs at different times: a's steps 0–30 from t=1000 s, b's 0–20 from t=5000 s.
const a: RunCurves = {
  run: "a",
  task: "worker-0",
  steps: [
    [1_000_000, 0],
    [1_001_000, 10],
    [1_002_000, 20],
    [1_003_000, 30],
    [1_004_000, 30], // lingering after its end
  ],
  curves: [
    {
      phase: "train",
      samples: [
        [1_001_000, 1],
        [1_002_000, 0.5],
        [1_003_000, 0.25],
        [1_004_000, 0.25],
      ],
    },
  ],
};
const b: RunCurves = {
  run: "b",
  task: "worker-1",
  steps: [
    [5_000_000, 0],
    [5_001_000, 5],
    [5_002_000, 20],
  ],
  curves: [
    {
      phase: "validation",
      samples: [
        [5_001_000, 2],
        [5_002_000, 1],
      ],
    },
  ],
};

describe("runOverlay", () => {
  it("overlays runs on their steps, one grid for all, up to each run's last step", () => {
    const chart = runOverlay([a, b], { x: "step", smoothing: 0, unit: "none" });
    expect(chart.times).toEqual([5, 10, 20, 30]);
    expect(chart.series.map((s) => [s.label, s.dash, s.values])).toEqual([
      ["worker-0 · a train", false, [null, 1, 0.5, 0.25]],
      ["worker-1 · b validation", true, [2, null, 1, null]],
    ]);
    expect(chart.x?.describe(20)).toBe("step 20");
  });

  it("overlays runs on the seconds since each began", () => {
    const chart = runOverlay([a, b], { x: "relative", smoothing: 0, unit: "none" });
    expect(chart.times).toEqual([1, 2, 3]);
    expect(chart.series.map((s) => s.values)).toEqual([
      [1, 0.5, 0.25],
      [2, 1, null],
    ]);
  });

  it("smooths each curve with TensorBoard's debiased average, 0 keeping it raw", () => {
    const raw = runOverlay([a], { x: "step", smoothing: 0, unit: "none" }).series[0]?.values;
    const smooth = runOverlay([a], { x: "step", smoothing: 0.9, unit: "none" }).series[0]?.values;
    expect(raw).toEqual([1, 0.5, 0.25]);
    // Debiased: the first value is the first sample, the next ones lag behind the raw curve.
    expect(smooth?.[0]).toBe(1);
    expect(smooth?.[2]).toBeGreaterThan(0.5);
  });
});
