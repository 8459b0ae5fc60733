import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.e2e.test.ts", "src/**/*.test.ts"],
    testTimeout: 240_000,
    // Each file starts a whole stack with training workers: on 2 cores they run one at a time.
    fileParallelism: false,
    hookTimeout: 60_000,
  },
});
