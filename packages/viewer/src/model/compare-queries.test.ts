import { describe, expect, it } from "vitest";
import { runCurveQueries, runCurves, runListQuery } from "./compare-queries.js";

describe("runListQuery", () => {
  it("lists runs scraped within the range, by their identity and hyperparameters", () => {
    expect(runListQuery(3600)).toBe(
      'max by (job, task, run_id, model, optimizer, learning_rate, batch_size, epochs) (max_over_time(training_info{instance!=""}[3600s]))',
    );
  });
});

describe("runCurveQueries", () => {
  it("keeps a metric's samples while the run's own training_info was scraped, its id quoted", () => {
    expect(runCurveQueries('a"b').loss).toBe(
      'training_loss{instance!=""} and on (job, task) training_info{run_id="a\\"b", instance!=""}',
    );
  });
});

describe("runCurves", () => {
  it("reads a run's curves per phase (train first) and its steps in milliseconds", () => {
    const curves = runCurves(
      { metric: { run_id: "r1", task: "worker-0" }, value: [0, "1"] },
      [
        { metric: { phase: "validation" }, values: [[10, "0.5"]] },
        { metric: { phase: "train" }, values: [[10, "0.25"]] },
      ],
      [{ metric: {}, values: [[10, "100"]] }],
    );
    expect(curves).toEqual({
      run: "r1",
      task: "worker-0",
      steps: [[10_000, 100]],
      curves: [
        { phase: "train", samples: [[10_000, 0.25]] },
        { phase: "validation", samples: [[10_000, 0.5]] },
      ],
    });
  });
});
