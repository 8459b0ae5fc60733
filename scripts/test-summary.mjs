#!/usr/bin/env node
// Adds up the vitest JSON reports every workspace package wrote (test-results/vitest.json)
// and prints the skipped tests, each e2e file's time, then one closing line:
// "vitest: N passed, N failed, N skipped".
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
  for (const file of r.testResults ?? []) {
    const name = file.name.slice(root.length);
    if (name.startsWith("e2e/") && file.endTime && file.startTime)
      console.log(`time: ${name} ${((file.endTime - file.startTime) / 1000).toFixed(0)} s`);
    for (const test of file.assertionResults ?? [])
      if (test.status === "skipped" || test.status === "pending")
        console.log(`skipped: ${name} > ${test.fullName}`);
  }
}
console.log(`vitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
