import { defineConfig } from "vitest/config";

// `pnpm bench`: the benchmarks in bench/, run as plain scripts (they print, they assert nothing).
export default defineConfig({ test: { include: ["bench/**/*.bench.ts"], fileParallelism: false } });
