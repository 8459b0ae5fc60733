import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { webDir } from "./create-viewer-app.js";

/** The page's JavaScript budget, gzipped. */
const budgetBytes = 350 * 1024;

describe("the built page", () => {
  it("ships at most 350 KB of gzipped JavaScript, ECharts included", () => {
    const assets = join(webDir, "assets");
    const scripts = readdirSync(assets).filter((f) => f.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce(
      (sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length,
      0,
    );
    console.log(
      `[viewer] page JavaScript: ${(gzipped / 1024).toFixed(1)} KiB gzipped in ${scripts.length} file(s)`,
    );
    expect(gzipped).toBeLessThanOrEqual(budgetBytes);
  });
});
