import type * as tfType from "@tensorflow/tfjs";
import type { TfjsCallback } from "@trainwatch/exporter";

/** Receives the weights' L2 norm and their change's since the last call (undefined the first time). */
export type OnNorms = (weight: number, update: number | undefined) => void;

/**
 * Creates a `model.fit` callback that, every `every` steps, measures the L2 norm of the model's
 * trainable weights and of their change since it last looked: `training_weight_norm` and
 * `training_update_norm`. It keeps one copy of the weights between looks; 0 turns it off. Put it
 * after the recording callback, so its work never counts as a step's compute time.
 */
export function createNormCallback(
  tf: typeof tfType,
  model: tfType.LayersModel,
  every: number,
  onNorms: OnNorms,
): TfjsCallback {
  if (every === 0) return {};
  let previous: tfType.Tensor[] | undefined;
  let steps = 0;
  const look = () => {
    const weights = model.trainableWeights.map((w) => w.read());
    const squares = (tensors: tfType.Tensor[]) =>
      tf.tidy(() => tf.addN(tensors.map((t) => tf.sum(tf.square(t)))).dataSync()[0] as number);
    const weight = Math.sqrt(squares(weights));
    const update =
      previous === undefined
        ? undefined
        : Math.sqrt(
            tf.tidy(() =>
              squares(weights.map((w, i) => tf.sub(w, previous?.[i] as tfType.Tensor))),
            ),
          );
    tf.dispose(previous);
    previous = weights.map((w) => tf.keep(tf.clone(w)));
    onNorms(weight, update);
  };
  return {
    onTrainBegin: look,
    onBatchEnd: () => {
      steps += 1;
      if (steps % every === 0) look();
    },
    onTrainEnd: () => {
      tf.dispose(previous);
      previous = undefined;
    },
  };
}
