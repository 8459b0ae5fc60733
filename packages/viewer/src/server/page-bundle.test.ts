import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { webDir } from "./create-viewer-app.js";

const assets = join(webDir, "assets");
const gzippedKiB = (prefix: string) => {
  const scripts = readdirSync(assets).filter((f) => f.startsWith(prefix) && f.endsWith(".js"));
  expect(scripts, `${prefix}*.js in ${assets}`).toHaveLength(1);
  return gzipSync(readFileSync(join(assets, scripts[0] as string))).length / 1024;
};

describe("the built page", () => {
  it("loads at most 350 KiB of gzipped JavaScript for a dashboard (uPlot included), and Explore's editor only on /explore", () => {
    const dashboards = gzippedKiB("index-");
    const explore = gzippedKiB("explore-page-");
    console.log(
      `[viewer] page JavaScript, gzipped: ${dashboards.toFixed(1)} KiB for the dashboards, ${explore.toFixed(1)} KiB more for Explore (CodeMirror and PromQL completion)`,
    );
    expect(dashboards).toBeLessThanOrEqual(350);
    expect(explore).toBeLessThanOrEqual(200);
  });
});
