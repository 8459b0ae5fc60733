import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultFixturesDir } from "../src/replay/demo-trace-paths.js";

export const fixturesDir = process.env.TRAINWATCH_FIXTURES ?? defaultFixturesDir;
if (!existsSync(fixturesDir)) {
  throw new Error(
    `the real nvidia-smi captures are not at ${fixturesDir} (shared/fixtures/nvidia-smi beside the repo): set TRAINWATCH_FIXTURES to their folder`,
  );
}

/** Every real query-gpu capture, with its compute-apps capture. */
export const captures = readdirSync(fixturesDir)
  .filter((f) => f.endsWith(".query-gpu.csv"))
  .sort()
  .map((gpu) => ({
    name: gpu.replace(".query-gpu.csv", ""),
    gpu: join(fixturesDir, gpu),
    apps: join(fixturesDir, gpu.replace(".query-gpu.csv", ".query-compute-apps.csv")),
  }));

/** A capture's one GPU row as `header name (without unit) → cell`, read independently of the collector. */
export function captureRow(file: string): Record<string, string> {
  const [header = "", row = ""] = readFileSync(file, "utf8").split("\n");
  const names = header.split(", ").map((h) => h.replace(/ \[.*\]$/, ""));
  const cells = row.split(", ");
  return Object.fromEntries(names.map((n, i) => [n, cells[i] as string]));
}

/** A folder holding `nvidia-smi`, the fake that answers from captures; put it first on PATH. */
export function installFakeNvidiaSmi(): string {
  const dir = mkdtempSync(join(tmpdir(), "tw-fake-smi-"));
  symlinkSync(
    fileURLToPath(new URL("./fake-nvidia-smi.mjs", import.meta.url)),
    join(dir, "nvidia-smi"),
  );
  return dir;
}

/** Compiles test-support/fake-nvml.c into a shared library with the machine's gcc; returns its path. */
export function buildFakeNvml(): string {
  const library = join(mkdtempSync(join(tmpdir(), "tw-fake-nvml-")), "libnvidia-ml.so.1");
  const source = fileURLToPath(new URL("./fake-nvml.c", import.meta.url));
  execFileSync("gcc", [
    "-shared",
    "-fPIC",
    "-O2",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-o",
    library,
    source,
  ]);
  return library;
}
