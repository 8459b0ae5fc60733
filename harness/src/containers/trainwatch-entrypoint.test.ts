import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./compose-project.js";

const entrypoint = join(repoRoot, "docker", "trainwatch-entrypoint.sh");
const run = (env: Record<string, string>, ...command: string[]) =>
  execa("sh", [entrypoint, ...command], {
    env: { PATH: process.env.PATH ?? "", ...env },
    extendEnv: false,
    reject: false,
  });

describe("docker/trainwatch-entrypoint.sh", () => {
  it("sets each TRAINWATCH_<NAME> from the file TRAINWATCH_<NAME>_FILE names, and drops the _FILE variable", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "trainwatch-entrypoint-")), "control-token");
    writeFileSync(file, "0123456789abcdef0123");
    const result = await run({ TRAINWATCH_CONTROL_TOKEN_FILE: file, OTHER_FILE: file }, "env");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^TRAINWATCH_CONTROL_TOKEN=0123456789abcdef0123$/m);
    expect(result.stdout).not.toMatch(/^TRAINWATCH_CONTROL_TOKEN_FILE=/m);
    expect(result.stdout).toMatch(/^OTHER_FILE=/m); // only TRAINWATCH_* variables are read
  });

  it("refuses with exit 2, naming the variable and the file, when the file cannot be read", async () => {
    const result = await run(
      { TRAINWATCH_RECEIVER_TOKEN_FILE: "/nonexistent/receiver-token" },
      "true",
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "trainwatch: TRAINWATCH_RECEIVER_TOKEN_FILE names /nonexistent/receiver-token, which cannot be read: mount the file or unset TRAINWATCH_RECEIVER_TOKEN_FILE",
    );
  });
});
