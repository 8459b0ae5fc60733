import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createModel } from "./model.js";
import { writeCheckpoint } from "./write-checkpoint.js";

describe("writeCheckpoint", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it("writes model.json and the epoch's weights, keeps only the latest, and reloads to the same predictions", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tw-checkpoint-")), "worker-0");
    const model = createModel(tf, { kind: "mlp", optimizer: "adam", learningRate: 0.01 });
    await writeCheckpoint(tf, model, { dir, epoch: 1 });
    await model.fit(tf.randomUniform([8, 28, 28, 1]), tf.oneHot(tf.zeros([8], "int32"), 10), {
      epochs: 1,
      verbose: 0,
    });
    await writeCheckpoint(tf, model, { dir, epoch: 2 });

    expect(readdirSync(dir).sort()).toEqual(["model.json", "weights-epoch-00002.bin"]);
    const json = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    expect(json.userDefinedMetadata).toEqual({ epoch: 2 });
    const weights = readFileSync(join(dir, json.weightsManifest[0].paths[0]));
    const reloaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length),
      }),
    );
    const probe = tf.randomUniform([3, 28, 28, 1]);
    expect(Array.from((reloaded.predict(probe) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(probe) as tf.Tensor).dataSync()),
    );
  });
});
