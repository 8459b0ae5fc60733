import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.e2e.test.ts", "src/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
