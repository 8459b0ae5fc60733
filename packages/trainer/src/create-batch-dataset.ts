import type * as tfType from "@tensorflow/tfjs";
import type { DigitSet } from "./data.js";
import { seededRandom, shuffleInPlace } from "./seeded-random.js";

export interface BatchDatasetOptions {
  readonly batchSize: number;
  /** Seeds the order; each epoch (each new iterator) is shuffled anew from it. */
  readonly seed: number;
  /** Asked for each batch: true shuffles its labels (the loss-spike fault); default never. */
  readonly corruptLabels?: () => boolean;
}

/**
 * Creates the input pipeline `model.fitDataset` reads: a `tf.data` dataset that gathers each
 * shuffled batch from `set` when training asks for it, so the time spent waiting for a batch is
 * real input time. One pass over `set` per iterator (per epoch); tfjs frees each batch after it.
 */
export function createBatchDataset(
  tf: typeof tfType,
  set: DigitSet,
  { batchSize, seed, corruptLabels = () => false }: BatchDatasetOptions,
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
        const picked = order.slice(start, start + batchSize);
        const indices = tf.tensor1d(picked, "int32");
        const labels = corruptLabels() ? shuffleInPlace([...picked], random) : picked;
        return {
          xs: tf.gather(set.xs, indices),
          ys: tf.gather(set.ys, tf.tensor1d(labels, "int32")),
        };
      });
      yield batch;
    }
  });
}
