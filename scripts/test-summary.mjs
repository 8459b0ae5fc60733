#!/usr/bin/env node
// Adds up the vitest JSON reports every workspace package wrote (test-results/vitest.json)
// and prints one closing line: "vitest: N passed, N failed, N skipped".
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const folders = readdirSync(root).flatMap((dir) =>
  dir === "packages"
    ? readdirSync(join(root, dir)).map((p) => join(root, dir, p))
    : [join(root, dir)],
);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const folder of folders) {
  const report = join(folder, "test-results", "vitest.json");
  if (!existsSync(report)) continue;
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed += r.numPassedTests;
  // A run that failed with no failed test (a file that did not load) counts as one failure.
  failed += r.numFailedTests || (r.success ? 0 : 1);
  skipped += r.numPendingTests + r.numTodoTests;
}
console.log(`vitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
