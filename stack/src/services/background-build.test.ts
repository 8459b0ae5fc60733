import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startBackgroundBuild } from "./background-build.js";

describe("startBackgroundBuild", () => {
  it("joins the build an earlier start left running instead of starting a second", async () => {
    const cacheRoot = mkdtempSync(join(tmpdir(), "trainwatch-cache-"));
    // A process whose command line reads like `trainwatch binaries --build …`.
    const earlier = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)", "binaries"]);
    try {
      await new Promise((resolve) => earlier.once("spawn", resolve));
      writeFileSync(join(cacheRoot, "build.pid"), `${earlier.pid}\n`);
      expect(startBackgroundBuild(["pushgateway"], cacheRoot)).toEqual({
        pid: earlier.pid,
        logFile: join(cacheRoot, "build.log"),
        joined: true,
      });
    } finally {
      earlier.kill();
    }
  });
});
