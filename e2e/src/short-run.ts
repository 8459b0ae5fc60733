/**
 * Trainer flags for a run short enough for a test (12 small epochs, about a minute here) that
 * still fills every training panel, lingering 4 s after its end so its final state is scraped.
 */
export const shortRunArgs: readonly string[] = [
  "--epochs",
  "12",
  "--train-size",
  "2000",
  "--validation-size",
  "300",
  "--linger",
  "4",
];
