import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createModel } from "./model.js";
import { modelTrainingFlops } from "./model-flops.js";

describe("modelTrainingFlops", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it("counts 3 × 2 FLOPs per multiply-add of the dense and convolutional layers", () => {
    const options = { optimizer: "adam", learningRate: 0.01 } as const;
    const mlp = createModel(tf, { kind: "mlp", ...options });
    const cnn = createModel(tf, { kind: "cnn", ...options });
    // mlp: 784·128 + 128·10; cnn: 24·24 positions × 5·5·1·8, 8·8 × 5·5·8·16, then 256·10
    expect(modelTrainingFlops(mlp)).toBe((784 * 128 + 128 * 10) * 6);
    expect(modelTrainingFlops(cnn)).toBe((576 * 200 + 64 * 3200 + 2560) * 6);
  });
});
