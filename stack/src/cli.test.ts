import { mkdirSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readWebConfig } from "@trainwatch/http-kit";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const trainwatch = (args: string[]) => execa("node", [cli, ...args], { reject: false, all: true });

// Each test starts the CLI (a Node process, some start binaries): seconds when npm test loads every core.
describe("trainwatch", { timeout: 30_000 }, () => {
  it("says when flush finds no spooled push, and points at a spool folder inside the one given", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "trainwatch-flush-"));
    const empty = await trainwatch(["flush", "--dir", runDir]);
    expect([empty.exitCode, empty.stdout]).toEqual([
      0,
      expect.stringContaining(`flush ${runDir}: no spooled push found there (no *.json file)`),
    ]);
    expect(empty.stdout).toContain("Trainers spool into their --spool-dir");
    mkdirSync(join(runDir, "spool"));
    const parent = await trainwatch(["flush", "--dir", runDir]);
    expect(parent.stdout).toContain(
      `It has a spool folder: trainwatch flush --dir ${join(runDir, "spool")}`,
    );
  });

  it("certs makes a CA, server and client certificates and each server's web.yml, keys 0600", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "trainwatch-certs-")), "tls");
    const made = await trainwatch([
      ...["certs", "--dir", dir, "--server", "trainer=trainer-0,127.0.0.1"],
      ...["--server", "alert-receiver", "--client", "alert-receiver", "--client", "prometheus"],
    ]);
    expect([made.exitCode, made.stdout]).toEqual([
      0,
      expect.stringContaining(`a CA (${join(dir, "ca.crt")}) and 3 certificates`),
    ]);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const key of ["ca.key", "trainer.key", "prometheus.key", "web-trainer.yml"])
      expect(statSync(join(dir, key)).mode & 0o777, key).toBe(0o600);
    const openssl = (...args: string[]) => execa("openssl", args, { reject: false, all: true });
    const sans = await openssl(
      "x509",
      "-in",
      join(dir, "trainer.crt"),
      "-noout",
      "-ext",
      "subjectAltName",
    );
    expect(sans.stdout).toContain("DNS:trainer-0, IP Address:127.0.0.1");
    // The receiver's certificate serves and calls; Prometheus' only calls.
    for (const [name, purpose, ok] of [
      ["alert-receiver", "sslserver", true],
      ["alert-receiver", "sslclient", true],
      ["prometheus", "sslclient", true],
      ["prometheus", "sslserver", false],
    ] as const) {
      const verified = await openssl(
        "verify",
        "-purpose",
        purpose,
        "-CAfile",
        join(dir, "ca.crt"),
        join(dir, `${name}.crt`),
      );
      expect(verified.exitCode === 0, `${name} ${purpose}`).toBe(ok);
    }
    const web = readWebConfig(join(dir, "web-trainer.yml"));
    expect([web.tls?.requestCert, web.tls?.rejectUnauthorized]).toEqual([true, true]);

    const bad = await trainwatch(["certs", "--dir", dir, "--server", "Trainer=x y"]);
    expect([bad.exitCode, bad.all]).toEqual([
      2,
      expect.stringContaining("--server: expected a name of lower-case letters, digits and dashes"),
    ]);
  });

  it("exits 2 on an unknown command", async () => {
    const result = await trainwatch(["upp"]);
    expect([result.exitCode, result.all]).toEqual([
      2,
      expect.stringContaining("error: unknown command 'upp'"),
    ]);
  });

  it("refuses bad `dashboards` input at once, every problem named with its value", async () => {
    const result = await trainwatch([
      "dashboards",
      "--prometheus-url",
      "prometheus:9090",
      "--dashboards-dir",
      "/nonexistent/dashboards",
      "--scrape-interval",
      "fast",
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.all).toContain("3 problems:");
    expect(result.all).toContain(
      '--prometheus-url: expected Prometheus\' base URL, e.g. http://127.0.0.1:9090 (got "prometheus:9090")',
    );
    expect(result.all).toContain(
      '--dashboards-dir: expected a folder of Grafana dashboard JSON files (got "/nonexistent/dashboards")',
    );
    expect(result.all).toContain(
      '--scrape-interval: expected a duration such as 1s, 15s or 1m (got "fast")',
    );
  });

  it("refuses to serve the dashboards beyond loopback without auth", async () => {
    const result = await trainwatch([
      "dashboards",
      "--prometheus-url",
      "http://127.0.0.1:9",
      "--host",
      "0.0.0.0",
      "--port",
      "0",
    ]);
    expect([result.exitCode, result.all]).toEqual([
      2,
      expect.stringContaining("set TRAINWATCH_VIEWER_TOKEN"),
    ]);
  });

  it("checks the trainers' flags before starting anything", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-cli-"));
    const result = await trainwatch(["up", "--dir", dir, "--", "--epochs", "x"]);
    expect([result.exitCode, result.all]).toEqual([
      2,
      'trainwatch: --epochs: expected a number (got "x")',
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses a Prometheus port in use and leaves no Pushgateway behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-cli-"));
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const { port } = blocker.address() as { port: number };
    const result = await trainwatch([
      "up",
      "--dir",
      dir,
      "--workers",
      "0",
      "--prometheus-port",
      String(port),
    ]);
    blocker.close();
    expect(result.exitCode).toBe(2);
    expect(result.all).toContain(
      `127.0.0.1:${port} is already in use: choose another port with --prometheus-port`,
    );
    const ps = await execa("ps", ["-eo", "args"]);
    expect(ps.stdout).not.toContain(dir); // the Pushgateway's persistence file is in dir
    expect(ps.stdout).not.toContain("gpu-collector/dist/cli.js");
  });

  it.skipIf(process.getuid?.() !== 0)(
    "refuses --nodes without root in one line, exit 2, before building or starting anything",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "tw-nodes-"));
      const result = await execa("node", [cli, "up", "--nodes", "2", "--dir", dir], {
        reject: false,
        all: true,
        uid: 65534, // nobody
        gid: 65534,
        env: { HOME: dir },
      });
      expect([result.exitCode, result.all]).toEqual([
        2,
        "trainwatch: --nodes runs each node in its own network namespace, which needs root: run it as root (sudo), or leave --nodes out to run on one machine",
      ]);
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it("says so when asked about a stack that does not run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-cli-"));
    const status = await trainwatch(["status", "--dir", dir]);
    const down = await trainwatch(["down", "--dir", dir]);
    expect([status.exitCode, status.all]).toEqual([
      1,
      `trainwatch: no stack runs in ${dir}: start one with \`trainwatch up\``,
    ]);
    expect([down.exitCode, down.all]).toEqual([0, `no stack runs in ${dir}; nothing to stop`]);
  });
  it("`binaries` names the binary of each program with its version, and the system's on request", async () => {
    const pinned = await trainwatch(["binaries", "--json"]);
    expect(pinned.exitCode, pinned.all).toBe(0);
    const tools = JSON.parse(pinned.stdout) as { tool: string; version: string; origin: string }[];
    expect(tools.map((t) => t.tool)).toEqual([
      "prometheus",
      "promtool",
      "alertmanager",
      "amtool",
      "pushgateway",
      "thanos",
    ]);
    for (const t of tools) expect(t.version, t.tool).toMatch(/^\d+\.\d+\.\d+/);
    const system = await execa("node", [cli, "binaries"], {
      reject: false,
      all: true,
      env: { TRAINWATCH_SYSTEM_BINARIES: "1" },
    });
    expect(system.all).toMatch(/^prometheus +\S+ +system +\/\S+prometheus$/m);
  });

  it("`binaries` refuses a TRAINWATCH_*_BIN that names no program, naming it", async () => {
    const result = await execa("node", [cli, "binaries"], {
      reject: false,
      all: true,
      env: { TRAINWATCH_PUSHGATEWAY_BIN: "/nonexistent/pushgateway" },
    });
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain(
      "pushgateway   MISSING  TRAINWATCH_PUSHGATEWAY_BIN=/nonexistent/pushgateway: /nonexistent/pushgateway is not an executable file",
    );
  });
});
