/**
 * An exponential moving average with TensorBoard's debiasing: early values are not pulled
 * toward zero. `weight` is TensorBoard's smoothing slider (0 = raw values, 0.99 = very smooth).
 *
 * @example const ema = new DebiasedEma(0.6); ema.update(2) // → 2
 */
export class DebiasedEma {
  readonly #weight: number;
  #last = 0;
  /** weight to the power of the values seen so far: the bias to remove. */
  #decay = 1;

  constructor(weight: number) {
    if (!(weight >= 0 && weight < 1)) {
      throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`);
    }
    this.#weight = weight;
  }

  /** Adds a value and returns the smoothed one. A NaN or infinite value passes through. */
  update(value: number): number {
    if (!Number.isFinite(value)) return value;
    this.#decay *= this.#weight;
    this.#last = this.#last * this.#weight + (1 - this.#weight) * value;
    return this.#last / (1 - this.#decay);
  }
}
