import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  amtoolBinary,
  findBinary,
  locateBinary,
  prometheusBinary,
  promtoolBinary,
  pushgatewayBinary,
} from "./find-binary.js";

const pins = {
  prometheus: "3.13.5",
  alertmanager: "0.31.1",
  pushgateway: "1.11.3",
  thanos: "0.42.4",
};

/** An executable file at `dir/name`. */
function program(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, 0o755);
  return path;
}

function cacheWithPrometheus(): string {
  const cache = mkdtempSync(join(tmpdir(), "trainwatch-cache-"));
  program(join(cache, "bin", "prometheus-3.13.5"), "prometheus");
  program(join(cache, "bin", "prometheus-3.13.5"), "promtool");
  return cache;
}

describe("locateBinary", () => {
  it("takes the pinned upstream build from the cache before PATH", () => {
    const cache = cacheWithPrometheus();
    const env = { TRAINWATCH_CACHE_DIR: cache, PATH: "/usr/bin" };
    expect(locateBinary(promtoolBinary, { env, pins })).toEqual({
      path: join(cache, "bin", "prometheus-3.13.5", "promtool"),
      origin: "upstream",
    });
  });

  it("skips the upstream build with TRAINWATCH_SYSTEM_BINARIES=1, and a build of another version", () => {
    const cache = cacheWithPrometheus();
    const path = mkdtempSync(join(tmpdir(), "trainwatch-path-"));
    program(path, "prometheus");
    const env = { TRAINWATCH_CACHE_DIR: cache, PATH: path };
    expect(
      locateBinary(prometheusBinary, { env: { ...env, TRAINWATCH_SYSTEM_BINARIES: "1" }, pins }),
    ).toEqual({ path: join(path, "prometheus"), origin: "path" });
    expect(
      locateBinary(prometheusBinary, { env, pins: { ...pins, prometheus: "3.13.6" } }).origin,
    ).toBe("path");
  });

  it("runs the binary a TRAINWATCH_*_BIN variable names, its promtool or amtool from beside it", () => {
    const dir = mkdtempSync(join(tmpdir(), "trainwatch-release-"));
    const alertmanager = program(dir, "alertmanager");
    program(dir, "amtool");
    const env = { TRAINWATCH_ALERTMANAGER_BIN: alertmanager, PATH: "" };
    expect(locateBinary(amtoolBinary, { env, pins })).toEqual({
      path: join(dir, "amtool"),
      origin: "variable",
    });
  });

  it("refuses a variable that names no executable file, naming it and the fix", () => {
    const env = { TRAINWATCH_PROMETHEUS_BIN: "/nonexistent/prometheus" };
    expect(() => locateBinary(prometheusBinary, { env, pins })).toThrow(
      "TRAINWATCH_PROMETHEUS_BIN=/nonexistent/prometheus: /nonexistent/prometheus is not an executable file; point it at a prometheus binary (with prometheus beside it) or unset it",
    );
  });
});

describe("findBinary", () => {
  it("finds the Debian binary on PATH without an upstream build", () => {
    expect(findBinary(pushgatewayBinary, { pins: null })).toMatch(/\/(prometheus-)?pushgateway$/);
  });

  it("names the ways to get a missing binary", () => {
    const env = {
      PATH: "/nonexistent",
      TRAINWATCH_CACHE_DIR: mkdtempSync(join(tmpdir(), "empty-")),
    };
    expect(() => findBinary(prometheusBinary, { env, pins })).toThrow(
      "prometheus not found: build the pinned release with `trainwatch binaries --build` (needs Go), install Debian's with `sudo apt-get install -y prometheus`, or set TRAINWATCH_PROMETHEUS_BIN",
    );
  });
});
