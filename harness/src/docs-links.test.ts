import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./containers/compose-project.js";

const pages = [
  "README.md",
  ...readdirSync(join(repoRoot, "docs"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md"))
    .map((f) => join("docs", f)),
];

describe("README.md and docs/", () => {
  it("link only to files that exist", () => {
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(repoRoot, page), "utf8");
      for (const [, target = ""] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const path = target.split("#")[0] ?? "";
        if (path === "" || /^[a-z]+:/.test(path)) continue;
        if (!existsSync(join(repoRoot, dirname(page), path))) broken.push(`${page} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("keep the README a newcomer's page: the two commands first, at most about 250 lines", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    expect(readme.split("\n").length).toBeLessThanOrEqual(260);
    expect(readme.indexOf("npm start")).toBeLessThan(readme.indexOf("## How the data flows"));
  });
});
