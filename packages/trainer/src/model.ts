import type * as tfType from "@tensorflow/tfjs";

export const modelKinds = ["mlp", "cnn"] as const;
export type ModelKind = (typeof modelKinds)[number];

export const optimizers = ["adam", "sgd"] as const;
export type OptimizerName = (typeof optimizers)[number];

export interface ModelOptions {
  readonly kind: ModelKind;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
}

/**
 * Creates and compiles a digit classifier for [n, 28, 28, 1] inputs: a two-layer perceptron
 * (`mlp`) or a small convolutional network (`cnn`, which needs the cpu or a native backend).
 */
export function createModel(
  tf: typeof tfType,
  { kind, optimizer, learningRate }: ModelOptions,
): tfType.LayersModel {
  const model = tf.sequential();
  if (kind === "mlp") {
    model.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
    model.add(tf.layers.dense({ units: 128, activation: "relu" }));
    model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  } else {
    model.add(
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 5, activation: "relu" }),
    );
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: "relu" }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  }
  model.compile({
    optimizer: optimizer === "adam" ? tf.train.adam(learningRate) : tf.train.sgd(learningRate),
    loss: "categoricalCrossentropy",
    metrics: ["accuracy"],
  });
  return model;
}
