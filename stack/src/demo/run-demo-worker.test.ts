import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, waitFor } from "@trainwatch/cli-kit";
import { describe, expect, it } from "vitest";
import { demoRun } from "./demo-plan.js";
import { runDemoWorker } from "./run-demo-worker.js";

/** A stand-in trainer: notes its flags, then exits with FAKE_EXIT (or waits for SIGTERM). */
function fakeTrainer(exit: number | "wait") {
  const dir = mkdtempSync(join(tmpdir(), "demo-worker-"));
  const runs = join(dir, "runs.jsonl");
  const cli = join(dir, "fake-trainer.mjs");
  writeFileSync(
    cli,
    `import { appendFileSync } from "node:fs";
appendFileSync(${JSON.stringify(runs)}, JSON.stringify(process.argv.slice(2)) + "\\n");
${exit === "wait" ? `process.on("SIGTERM", () => { appendFileSync(${JSON.stringify(runs)}, "\\"stopped\\"\\n"); process.exit(0); }); setInterval(() => {}, 1000);` : `process.exit(${exit});`}
`,
  );
  const read = (): unknown[] => {
    try {
      return readFileSync(runs, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
    } catch {
      return [];
    }
  };
  return { cli, read };
}

const logger = createLogger("t", () => {});

describe("runDemoWorker", () => {
  it("starts the role's runs one after another, each with the shared flags and its own", async () => {
    const trainer = fakeTrainer(0);
    const controller = new AbortController();
    const done = runDemoWorker({
      role: "troubled",
      trainerCli: trainer.cli,
      trainerArgs: ["--task", "worker-1"],
      logger,
      signal: controller.signal,
    });
    await waitFor(() => trainer.read().length >= 3, { what: "three runs", timeoutMs: 15_000 });
    controller.abort();
    const started = await done;
    const runs = trainer.read().slice(0, 3);
    expect(runs).toEqual(
      [0, 1, 2].map((i) => ["--task", "worker-1", ...demoRun("troubled", i).args]),
    );
    expect(started).toBeGreaterThanOrEqual(3);
  });

  it("stops the running trainer with SIGTERM when aborted, and starts no other", async () => {
    const trainer = fakeTrainer("wait");
    const controller = new AbortController();
    const done = runDemoWorker({
      role: "steady",
      trainerCli: trainer.cli,
      trainerArgs: [],
      logger,
      signal: controller.signal,
    });
    await waitFor(() => trainer.read().length === 1, { what: "the first run", timeoutMs: 10_000 });
    controller.abort();
    expect(await done).toBe(1);
    expect(trainer.read().at(-1)).toBe("stopped");
  });

  it("ends the series when a run refuses its flags (exit 2)", async () => {
    const trainer = fakeTrainer(2);
    const started = await runDemoWorker({
      role: "steady",
      trainerCli: trainer.cli,
      trainerArgs: [],
      logger,
      signal: new AbortController().signal,
    });
    expect(started).toBe(1);
    expect(trainer.read()).toHaveLength(1);
  });
});
