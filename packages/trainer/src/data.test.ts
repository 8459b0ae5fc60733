import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { availableDigits, loadMnist } from "./data.js";

describe("loadMnist", () => {
  it("ships about ten thousand real digits", () => {
    expect(availableDigits).toBeGreaterThan(9_000);
  });

  it("returns image and one-hot label tensors of the asked sizes, pixels in 0–1", () => {
    const data = loadMnist(tf, { trainSize: 50, validationSize: 20, seed: 1 });
    expect([data.train.xs.shape, data.train.ys.shape, data.validation.xs.shape]).toEqual([
      [50, 28, 28, 1],
      [50, 10],
      [20, 28, 28, 1],
    ]);
    expect(data.train.xs.max().dataSync()[0]).toBeLessThanOrEqual(1);
    expect(
      data.train.ys
        .sum(1)
        .dataSync()
        .every((s) => s === 1),
    ).toBe(true);
    data.dispose();
  });

  it("gives the same split for the same seed and another for another seed", () => {
    const labels = (seed: number) => {
      const data = loadMnist(tf, { trainSize: 30, validationSize: 5, seed });
      const argmax = Array.from(data.train.ys.argMax(1).dataSync());
      data.dispose();
      return argmax;
    };
    expect(labels(7)).toEqual(labels(7));
    expect(labels(7)).not.toEqual(labels(8));
  });
});
