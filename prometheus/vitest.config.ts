import { defineConfig } from "vitest/config";

export default defineConfig({
  // Titles name the promtool each check ran on ($label): print them whole.
  test: { chaiConfig: { truncateThreshold: 0 } },
});
