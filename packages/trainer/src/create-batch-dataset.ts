import type * as tfType from "@tensorflow/tfjs";
import type { DigitSet } from "./data.js";
import { seededRandom, shuffleInPlace } from "./seeded-random.js";

export interface BatchDatasetOptions {
  readonly batchSize: number;
  /** Seeds the order; each epoch (each new iterator) is shuffled anew from it. */
  readonly seed: number;
}

/**
 * Creates the input pipeline `model.fitDataset` reads: a `tf.data` dataset that gathers each
 * shuffled batch from `set` when training asks for it, so the time spent waiting for a batch is
 * real input time. One pass over `set` per iterator (per epoch); tfjs frees each batch after it.
 */
export function createBatchDataset(
  tf: typeof tfType,
  set: DigitSet,
  { batchSize, seed }: BatchDatasetOptions,
): tfType.data.Dataset<{ xs: tfType.Tensor; ys: tfType.Tensor }> {
  let epoch = 0;
  return tf.data.generator(function* () {
    const random = seededRandom(seed + epoch);
    epoch += 1;
    const order = shuffleInPlace(
      Array.from({ length: set.size }, (_, i) => i),
      random,
    );
    for (let start = 0; start < order.length; start += batchSize) {
      const batch = tf.tidy(() => {
        const indices = tf.tensor1d(order.slice(start, start + batchSize), "int32");
        return { xs: tf.gather(set.xs, indices), ys: tf.gather(set.ys, indices) };
      });
      yield batch;
    }
  });
}
