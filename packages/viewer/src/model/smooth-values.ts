import { DebiasedEma } from "@trainwatch/exporter/debiased-ema";

/**
 * A curve smoothed as TensorBoard's slider smooths it: an exponential moving average debiased so
 * that its first values are not pulled toward zero (the exporter's `DebiasedEma`, the same
 * arithmetic as `training_loss_smoothed`). `weight` 0 gives the raw values; a missing sample
 * (null) stays missing and does not move the average.
 */
export function smoothValues(
  values: readonly (number | null)[],
  weight: number,
): (number | null)[] {
  if (weight === 0) return [...values];
  const ema = new DebiasedEma(weight);
  return values.map((value) => (value === null ? null : ema.update(value)));
}
