import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildUpstream } from "./build-upstream.js";
import { readBinaryVersion } from "./read-binary-version.js";
import { readUpstreamPins } from "./read-upstream-pins.js";
import { upstreamComponents, upstreamModuleDir } from "./upstream-components.js";

const noGo = (() => {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "no Go here: the pinned releases cannot be built";
  }
})();
if (noGo) console.log(`buildUpstream: SKIPPED (${noGo})`);

const pushgateway = upstreamComponents.pushgateway;

describe.skipIf(noGo)("buildUpstream", () => {
  it("builds the pinned Pushgateway into the cache, stamped with its version, and reuses it", async () => {
    const version = readUpstreamPins().pushgateway;
    const cacheRoot = mkdtempSync(join(tmpdir(), "trainwatch-cache-"));
    const lines: string[] = [];
    const first = await buildUpstream(pushgateway, {
      version,
      cacheRoot,
      log: (l) => lines.push(l),
    });
    expect(first.built).toBe(true);
    expect(await readBinaryVersion(join(first.dir, "pushgateway"))).toBe(version);
    expect(lines.at(-1)).toMatch(new RegExp(`^built pushgateway ${version} in \\d+`));
    const second = await buildUpstream(pushgateway, {
      version,
      cacheRoot,
      log: (l) => lines.push(l),
    });
    expect(second).toEqual({ dir: first.dir, built: false, seconds: 0 });
  }, 600_000);

  it("refuses a wrapper module that requires another version than .env pins, naming both and the fix", async () => {
    const moduleDir = mkdtempSync(join(tmpdir(), "trainwatch-wrapper-"));
    cpSync(upstreamModuleDir("pushgateway"), moduleDir, { recursive: true });
    const cacheRoot = mkdtempSync(join(tmpdir(), "trainwatch-cache-"));
    await expect(
      buildUpstream(pushgateway, { version: "1.11.0", cacheRoot, moduleDir, log: () => {} }),
    ).rejects.toThrow(
      `${moduleDir}/go.mod requires github.com/prometheus/pushgateway v${readUpstreamPins().pushgateway}, but .env pins Pushgateway 1.11.0 (PUSHGATEWAY_IMAGE): run \`go get github.com/prometheus/pushgateway@v1.11.0 && go mod tidy\` there`,
    );
  });

  it("refuses a wrapper module that drops upstream's exclude and replace lines", async () => {
    const moduleDir = mkdtempSync(join(tmpdir(), "trainwatch-wrapper-"));
    cpSync(upstreamModuleDir("prometheus"), moduleDir, { recursive: true });
    execFileSync("go", ["mod", "edit", "-dropreplace=cloud.google.com/go"], { cwd: moduleDir });
    const cacheRoot = mkdtempSync(join(tmpdir(), "trainwatch-cache-"));
    await expect(
      buildUpstream(upstreamComponents.prometheus, {
        version: readUpstreamPins().prometheus,
        cacheRoot,
        moduleDir,
        log: () => {},
      }),
    ).rejects.toThrow(
      'must repeat github.com/prometheus/prometheus v0.313.5\'s exclude and replace lines: add "replace cloud.google.com/go => cloud.google.com/go v0.123.0"',
    );
  });

  it("names the component, the version and the fix when the build fails", async () => {
    const moduleDir = mkdtempSync(join(tmpdir(), "trainwatch-wrapper-"));
    cpSync(upstreamModuleDir("pushgateway"), moduleDir, { recursive: true });
    writeFileSync(join(moduleDir, "go.sum"), ""); // every checksum gone: go refuses to build
    const cacheRoot = mkdtempSync(join(tmpdir(), "trainwatch-cache-"));
    const version = readUpstreamPins().pushgateway;
    await expect(
      buildUpstream(pushgateway, { version, cacheRoot, moduleDir, log: () => {} }),
    ).rejects.toThrow(
      new RegExp(
        `^building Pushgateway ${version} \\(github.com/prometheus/pushgateway v${version}\\) failed:\\n[^]*missing go.sum entry[^]*\\nFix the error above, point TRAINWATCH_PUSHGATEWAY_BIN at a Pushgateway binary, or set TRAINWATCH_SYSTEM_BINARIES=1 to run Debian's packages\\.$`,
      ),
    );
  });
});
