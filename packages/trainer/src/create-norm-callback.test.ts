import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { createNormCallback } from "./create-norm-callback.js";

describe("createNormCallback", () => {
  it("measures the weights' L2 norm every N steps and their change since it last looked", async () => {
    await tf.setBackend("cpu");
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 2, inputShape: [2], kernelInitializer: "ones" })],
    });
    const seen: [number, number | undefined][] = [];
    const callback = createNormCallback(tf, model, 2, (w, u) => seen.push([w, u]));
    await callback.onTrainBegin?.();
    // kernel: four ones, bias: two zeros
    expect(seen).toEqual([[2, undefined]]);
    const [kernel, bias] = model.getWeights();
    model.setWeights([tf.add(kernel as tf.Tensor, 1), bias as tf.Tensor]);
    await callback.onBatchEnd?.(0);
    expect(seen).toHaveLength(1);
    await callback.onBatchEnd?.(1);
    expect(seen[1]).toEqual([4, 2]);
    const tensors = tf.memory().numTensors;
    await callback.onTrainEnd?.();
    expect(tf.memory().numTensors).toBeLessThan(tensors);
    model.dispose();
  });

  it("does nothing when N is 0", () => {
    expect(createNormCallback(tf, {} as tf.LayersModel, 0, () => {})).toEqual({});
  });
});
