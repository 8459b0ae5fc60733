import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import { scrapeValue, startNativeStack } from "@trainwatch/harness";
import { execa } from "execa";
import getPort from "get-port";
import { describe, expect, inject, it } from "vitest";
import "../containers-context.js";

const require = createRequire(import.meta.url);
const trainerCli = require.resolve("@trainwatch/trainer/cli");
const nativeSkip = inject("nativeSkip");
const steps = 'training_steps_total{job="mnist_mlp",task="worker-0"}';
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ??
  NaN;

/** Mounts a tmpfs of `size` at a new folder and fills it; why it cannot, when it cannot. */
function fullTmpfs(size: string): { dir: string } | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), "tw-full-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "pipe" });
  } catch (error) {
    return {
      skip: `cannot mount a tmpfs (${String((error as Error).message).split("\n")[0]}): needs root`,
    };
  }
  try {
    writeFileSync(join(dir, "filler"), Buffer.alloc(1024 * 1024 * 64));
  } catch {
    // ENOSPC: full, as meant.
  }
  return { dir };
}

describe.skipIf(nativeSkip)(
  `pressure, with the real binaries (${inject("nativeBinaries")})`,
  () => {
    it("answers 50 concurrent scrapers during blocking batches, training at the same pace", async () => {
      await using stack = await startNativeStack({
        upArgs: ["--workers", "1", "--gpu", "none"],
        trainerArgs: [
          ...["--epochs", "100", "--train-size", "2000", "--validation-size", "100"],
          ...["--fault-slow-batch", "0.5"],
        ],
      });
      const [trainer] = (await stack.status()).trainers;
      if (!trainer) throw new Error("no trainer");
      await waitFor(async () => ((await scrapeValue(trainer.url, steps)) ?? 0) > 2, {
        what: "the first steps",
        timeoutMs: 60_000,
      });
      /** Steps per second over `ms`, read from the trainer's own counter. */
      const pace = async (ms: number) => {
        const [s0, t0] = [(await scrapeValue(trainer.url, steps)) ?? NaN, performance.now()];
        await new Promise((resolve) => setTimeout(resolve, ms));
        const [s1, t1] = [(await scrapeValue(trainer.url, steps)) ?? NaN, performance.now()];
        return ((s1 - s0) * 1000) / (t1 - t0);
      };
      const quietBefore = await pace(10_000);
      let storming = true;
      const latencies: number[] = [];
      const statuses = new Map<number, number>();
      const scraper = async () => {
        while (storming) {
          const started = performance.now();
          const response = await fetch(`${trainer.url}/metrics`);
          await response.text();
          latencies.push(performance.now() - started);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      };
      const scrapers = Array.from({ length: 50 }, scraper);
      const stormed = await pace(10_000);
      storming = false;
      await Promise.all(scrapers);
      const quietAfter = await pace(10_000);
      const noise = Math.abs(1 - quietAfter / quietBefore);
      const change = Math.abs(1 - stormed / ((quietBefore + quietAfter) / 2));
      console.log(
        `[pressure] 50 concurrent scrapers for 10 s of 0.5 s batches: ${latencies.length} scrapes, statuses ${JSON.stringify(Object.fromEntries(statuses))}, p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms; steps/s ${quietBefore.toFixed(2)} before, ${stormed.toFixed(2)} during (${(change * 100).toFixed(1)} % off), ${quietAfter.toFixed(2)} after (noise ${(noise * 100).toFixed(1)} %)`,
      );
      expect([...statuses.keys()]).toEqual([200]);
      expect(latencies.length).toBeGreaterThan(500);
      expect(change).toBeLessThanOrEqual(Math.max(3 * noise, 0.1));
    });

    const full = fullTmpfs("1m");
    it.skipIf("skip" in full)(
      "completes a run whose spool folder is on a full disk, says once that its final state is lost, and writes no half file",
      async () => {
        if (!("dir" in full)) return;
        try {
          const spoolDir = join(full.dir, "spool");
          mkdirSync(spoolDir, { recursive: true });
          const result = await execa(
            "node",
            [
              trainerCli,
              ...["--epochs", "1", "--train-size", "500", "--validation-size", "50"],
              ...[
                "--metrics-port",
                String(await getPort()),
                "--progress",
                "lines",
                "--linger",
                "0",
              ],
              // Nothing listens there: the final push fails and goes to the spool.
              ...[
                "--pushgateway-url",
                `http://127.0.0.1:${await getPort()}`,
                "--spool-dir",
                spoolDir,
              ],
            ],
            { all: true, reject: false },
          );
          const lost = result.all.split("\n").filter((l) => /final state is LOST/.test(l));
          console.log(
            `[pressure] spool on a full tmpfs: exit ${result.exitCode}; ${lost.length} line(s) about it: ${lost.join(" | ")}; spool folder holds ${JSON.stringify(readdirSync(spoolDir))}`,
          );
          expect(result.exitCode).toBe(0);
          expect(result.all).toMatch(/completed on \w+: \d+ steps/);
          expect(lost).toHaveLength(1);
          expect(lost[0]).toMatch(/ENOSPC/);
          expect(readdirSync(spoolDir)).toEqual([]);
        } finally {
          execFileSync("umount", [full.dir]);
        }
      },
    );
  },
);
