import { createTrainerProgram, parseTrainerConfig, type TrainerFlags } from "@trainwatch/trainer";
import { describe, expect, it } from "vitest";
import { demoRun, demoRunShapes, roleOfTask } from "./demo-plan.js";

/** The trainer's own reading of a run's flags, as `trainwatch-trainer` would parse them. */
function trainerConfig(args: readonly string[]) {
  const program = createTrainerProgram().configureOutput({ writeErr: () => {} });
  program.parse(["--job", "mnist_mlp", "--task", "worker-1", ...args], { from: "user" });
  return parseTrainerConfig(program.opts<TrainerFlags>(), {});
}

describe("demoRun", () => {
  it("gives the steady worker full runs and the troubled one an over-fitting run, then a stall, in turn", () => {
    expect([0, 1, 2].map((i) => demoRun("steady", i).kind)).toEqual(["train", "train", "train"]);
    expect([0, 1, 2, 3].map((i) => demoRun("troubled", i).kind)).toEqual([
      "overfit",
      "stall",
      "overfit",
      "stall",
    ]);
  });

  it("passes flags the trainer accepts, each run paced, slowed while the GPU is throttled", () => {
    for (const [role, index] of [
      ["steady", 0],
      ["troubled", 0],
      ["troubled", 1],
    ] as const) {
      const config = trainerConfig(demoRun(role, index, "http://127.0.0.1:9401").args);
      expect(config.minStepSeconds).toBe(demoRunShapes.minStepSeconds);
      expect(config.faultFollowGpu).toBe("http://127.0.0.1:9401");
      expect(config.faultSlowFactor).toBe(demoRunShapes.throttleSlowFactor);
    }
    expect(demoRun("steady", 0).args).not.toContain("--fault-follow-gpu");
  });

  it("stalls before the stall run's steps are done, and asks the over-fitting run for a patience", () => {
    const stall = trainerConfig(demoRun("troubled", 1).args);
    const steps = Math.ceil(stall.trainSize / stall.batchSize) * stall.epochs;
    expect(stall.faultStallAfter).toBeLessThan(steps);
    const overfit = trainerConfig(demoRun("troubled", 0).args);
    expect(overfit.earlyStopPatience).toBe(demoRunShapes.overfit.patience);
    expect(overfit.faultStallAfter).toBeUndefined();
  });
});

describe("roleOfTask", () => {
  it("makes the odd workers troubled and every other worker steady", () => {
    expect(["worker-0", "worker-1", "worker-2", "worker-3", "w", ""].map(roleOfTask)).toEqual([
      "steady",
      "troubled",
      "steady",
      "troubled",
      "steady",
      "steady",
    ]);
  });
});
