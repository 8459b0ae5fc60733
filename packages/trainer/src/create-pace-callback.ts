import type { TfjsCallback } from "@trainwatch/exporter";

/**
 * Creates a `model.fit` callback that holds every step at least `minStepSeconds` long by
 * sleeping at its end (the thread stays free): a demo's pace, so that runs of a small model last
 * minutes rather than seconds. Throughput then shows the pace, not what the machine can do. Put
 * it before the callbacks that time a step.
 */
export function createPaceCallback(minStepSeconds: number | undefined): TfjsCallback {
  if (minStepSeconds === undefined || minStepSeconds <= 0) return {};
  let started = 0;
  return {
    onBatchBegin: () => {
      started = performance.now();
    },
    onBatchEnd: async () => {
      const left = minStepSeconds * 1000 - (performance.now() - started);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    },
  };
}
