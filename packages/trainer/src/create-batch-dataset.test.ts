import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createBatchDataset } from "./create-batch-dataset.js";

/** The examples of one pass, as the first pixel of each (the set below numbers them). */
async function pass(dataset: ReturnType<typeof createBatchDataset>): Promise<number[][]> {
  const batches: number[][] = [];
  await dataset.forEachAsync(({ xs, ys }) => {
    expect(ys.shape[0]).toBe(xs.shape[0]);
    batches.push(
      Array.from(
        xs
          .reshape([xs.shape[0] as number, -1])
          .slice([0, 0], [-1, 1])
          .dataSync(),
      ),
    );
    tf.dispose([xs, ys]);
  });
  return batches;
}

describe("createBatchDataset", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it("yields every example once per pass in batches, shuffled anew each pass and the same for the same seed", async () => {
    const size = 10;
    const set = {
      xs: tf.range(0, size).reshape([size, 1, 1, 1]).tile([1, 28, 28, 1]) as tf.Tensor4D,
      ys: tf.oneHot(tf.range(0, size, 1, "int32"), 10).toFloat() as tf.Tensor2D,
      size,
    };
    const dataset = createBatchDataset(tf, set, { batchSize: 4, seed: 7 });
    const first = await pass(dataset);
    const second = await pass(dataset);
    const again = await pass(createBatchDataset(tf, set, { batchSize: 4, seed: 7 }));

    expect(first.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(first.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(second.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(second.flat()).not.toEqual(first.flat());
    expect(again.flat()).toEqual(first.flat());
  });
});
