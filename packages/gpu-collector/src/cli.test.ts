import { fileURLToPath } from "node:url";
import { waitFor } from "@trainwatch/cli-kit";
import { execa } from "execa";
import getPort from "get-port";
import { describe, expect, it } from "vitest";
import { demoTraceFile } from "./replay/demo-trace-paths.js";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const noGpu = { PATH: "/usr/bin:/bin", TRAINWATCH_NVML: "" };

describe("trainwatch-gpu-collector", () => {
  it("exits 2 naming every bad flag", async () => {
    const flags = ["--source", "gpu0", "--interval", "fast", "--replay-processes", "trainer("];
    const result = await execa("node", [cli, ...flags], {
      reject: false,
      all: true,
    });
    expect(result.exitCode).toBe(2);
    expect(result.all).toContain("--source: expected auto, nvml, nvidia-smi, none or replay:FILE");
    expect(result.all).toContain(
      '--interval: expected a duration from 100 ms to 3600 s, such as 1s or 500ms (got "fast")',
    );
    expect(result.all).toMatch(
      /--replay-processes: expected a regular expression \(Invalid regular expression: .*\) \(got "trainer\("\)/,
    );
  });

  it("says no GPU was found and how to replay a trace instead", async () => {
    const result = await execa("node", [cli, "--nvml-library", "/nonexistent.so"], {
      reject: false,
      all: true,
      env: noGpu,
    });
    expect(result.exitCode).toBe(2);
    expect(result.all).toMatch(/no GPU found \(NVML: .*; nvidia-smi: .*\)/);
    expect(result.all).toContain(
      `no GPU to read: pass --source replay:FILE (e.g. replay:${demoTraceFile})`,
    );
  });

  it("serves a replayed trace, loudly labelled, on /metrics and /healthz", async () => {
    const port = await getPort();
    const child = execa(
      "node",
      [
        cli,
        "--nvml-library",
        "/nonexistent.so",
        "--fallback",
        `replay:${demoTraceFile}`,
        "--port",
        String(port),
      ],
      { reject: false, all: true, env: noGpu },
    );
    try {
      const text = await waitFor(
        async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
        { what: "the collector's /metrics", timeoutMs: 15_000 },
      );
      expect(text).toMatch(
        /^gpu_temperature_celsius\{gpu="0",uuid="GPU-0{8}-0{4}-0{4}-0{4}-0{12}",source="replay"\} \d+$/m,
      );
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(result.all).toContain("NO GPU FOUND: REPLAYING A RECORDED TRACE");
  });
});
