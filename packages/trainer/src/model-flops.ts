import type * as tfType from "@tensorflow/tfjs";

/**
 * Model FLOPs of one training example: the multiply-adds of every layer with a kernel (dense
 * and convolutional layers), counted from the layers' shapes, 2 FLOPs each, and the backward pass
 * as twice the forward one (the usual 3× rule). Bias adds, activations and pooling are left out,
 * as MFU figures leave them out.
 *
 * @example modelTrainingFlops(mlp) // 609 792: (784·128 + 128·10) · 2 · 3
 */
export function modelTrainingFlops(model: tfType.LayersModel): number {
  let multiplyAdds = 0;
  for (const layer of model.layers) {
    const kernel = layer.weights.find((w) => w.originalName.endsWith("/kernel"));
    if (!kernel) continue;
    const output = (layer.outputShape as (number | null)[]).slice(1) as number[];
    const outputs = output.reduce((a, b) => a * b, 1);
    const channels = output[output.length - 1] ?? 1;
    // each output position applies the kernel once per output channel
    multiplyAdds += kernel.shape.reduce<number>((a, b) => a * (b ?? 1), 1) * (outputs / channels);
  }
  return multiplyAdds * 2 * 3;
}
