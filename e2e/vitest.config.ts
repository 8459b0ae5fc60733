import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.e2e.test.ts", "src/**/*.test.ts"],
    // Finds Docker and builds (or reuses) the containers runtime's images once per run.
    globalSetup: ["src/global-setup.ts"],
    testTimeout: 240_000,
    // Each file starts a whole stack with training workers: on 2 cores they run one at a time.
    fileParallelism: false,
    hookTimeout: 60_000,
    // Titles carry the versions a scenario ran on ($binaries): print them whole.
    chaiConfig: { truncateThreshold: 0 },
    // testcontainers' reaper (Ryuk) is an image that cannot be pulled here; every stack is taken
    // down by the test that started it.
    env: { TESTCONTAINERS_RYUK_DISABLED: "true" },
  },
});
