import { describe, expect, it } from "vitest";
import * as publicApi from "./index.js";

describe("index", () => {
  it("exports the same public names (a change here is a change of the package's API)", () => {
    expect(Object.keys(publicApi).sort()).toMatchInlineSnapshot(`
      [
        "availableDigits",
        "backendNames",
        "createFaultCallback",
        "createModel",
        "createNormCallback",
        "createProgressCallback",
        "createTrainerProgram",
        "formatEpochLine",
        "loadMnist",
        "modelKinds",
        "optimizers",
        "parseTrainerConfig",
        "selectBackend",
        "startTrainer",
        "trainerDefaults",
      ]
    `);
  });
});
