import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadMnist } from "./data.js";
import { createModel } from "./model.js";

describe("createModel", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it.each(["mlp", "cnn"] as const)(
    "maps [n, 28, 28, 1] images to 10 class probabilities (%s)",
    (kind) => {
      const model = createModel(tf, { kind, optimizer: "adam", learningRate: 0.01 });
      const output = model.predict(tf.zeros([3, 28, 28, 1])) as tf.Tensor;
      expect(output.shape).toEqual([3, 10]);
      expect(output.sum(1).dataSync()[0]).toBeCloseTo(1, 5);
    },
  );

  it("lowers its loss over two epochs of real digits, and survives a save and reload", async () => {
    const data = loadMnist(tf, { trainSize: 500, validationSize: 100, seed: 3 });
    const model = createModel(tf, { kind: "mlp", optimizer: "adam", learningRate: 0.01 });
    const history = await model.fit(data.train.xs, data.train.ys, {
      epochs: 2,
      batchSize: 50,
      verbose: 0,
    });
    const [first, second] = history.history.loss as number[];
    expect(second).toBeLessThan(first as number);

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
      }),
    );
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    const probe = data.validation.xs.slice(0, 5);
    expect(Array.from((reloaded.predict(probe) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(probe) as tf.Tensor).dataSync()),
    );
    data.dispose();
  });
});
