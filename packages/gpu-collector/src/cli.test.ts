import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

  it("serves /metrics as --web.config.file says: its basic auth users and headers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "collector-web-"));
    // bcrypt (cost 4) of "scrape", as `htpasswd -nbBC 4 prometheus scrape` makes one
    const hash = "$2b$04$YQU2/T8ALPq10a5xiOE14uo5fzjaNLIlLWShwpkWyw3SGwyf/oXfy";
    writeFileSync(
      join(dir, "web.yml"),
      `basic_auth_users:\n  prometheus: "${hash}"\nhttp_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n`,
    );
    const port = await getPort();
    const child = execa(
      "node",
      [
        cli,
        "--source",
        `replay:${demoTraceFile}`,
        "--port",
        String(port),
        "--web.config.file",
        join(dir, "web.yml"),
      ],
      { reject: false, all: true, env: noGpu },
    );
    try {
      const url = `http://127.0.0.1:${port}/metrics`;
      const refused = await waitFor(async () => (await fetch(url)).status, {
        what: "the collector's /metrics",
        timeoutMs: 15_000,
      });
      const basic = `Basic ${Buffer.from("prometheus:scrape").toString("base64")}`;
      const allowed = await fetch(url, { headers: { authorization: basic } });
      expect([refused, allowed.status, allowed.headers.get("x-content-type-options")]).toEqual([
        401,
        200,
        "nosniff",
      ]);
    } finally {
      child.kill("SIGTERM");
    }
    writeFileSync(join(dir, "bad.yml"), "basic_auth_users:\n  prometheus: scrape\n");
    const bad = await execa(
      "node",
      [cli, "--source", `replay:${demoTraceFile}`, "--web.config.file", join(dir, "bad.yml")],
      { reject: false, all: true, env: noGpu },
    );
    expect([bad.exitCode, bad.all]).toEqual([
      2,
      expect.stringContaining(
        `--web.config.file ${join(dir, "bad.yml")}: basic_auth_users.prometheus: expected a bcrypt hash`,
      ),
    ]);
  });
});
