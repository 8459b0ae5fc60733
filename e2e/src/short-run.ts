/**
 * Trainer flags for a run short enough for a test (40 small epochs: about 25 s on wasm here, as
 * the tf.data pipeline trains about 5,500 examples/s per worker) that still fills every training
 * panel: Prometheus, evaluating every 5 s, must see it running for a few scrapes (rates, phase
 * shares, start/stop markers). It lingers 4 s after its end so its final state is scraped.
 */
export const shortRunArgs: readonly string[] = [
  "--epochs",
  "40",
  "--train-size",
  "3000",
  "--validation-size",
  "300",
  "--linger",
  "4",
];

/**
 * Trainer flags for a scenario whose `faultTask` stalls (`--fault-stall-after 60`, given to that
 * worker alone) until `TrainingStalled` stops it, while the other trains on for far longer than
 * the test (500 epochs of 2,000 examples).
 */
export const stallingRunArgs: readonly string[] = [
  ...["--epochs", "500", "--train-size", "2000", "--validation-size", "200"],
  ...["--fault-stall-after", "60"],
];
