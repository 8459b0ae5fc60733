import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { repoRoot } from "@trainwatch/harness";
import { execa } from "execa";

/**
 * The viewer as it was before its charts moved to uPlot: the commit before that change, whose
 * time series were ECharts. The bench builds its page once and measures it beside today's.
 */
export const echartsViewerCommit = "6dfff34b733c1814beee66a0a26c2ec9b4a42fba";

/**
 * The built page (its `dist/web`, with a trailing slash) of the viewer at `commit`, built once
 * into `~/.cache/trainwatch/bench/` from a git worktree of this repository: its viewer package's
 * dependencies installed from pnpm's store where it has them (the lockfile of that commit), then
 * Vite.
 */
export async function buildViewerPageAt(
  commit: string,
  log: (line: string) => void,
): Promise<string> {
  const out = join(
    homedir(),
    ".cache",
    "trainwatch",
    "bench",
    `viewer-page-${commit.slice(0, 12)}`,
  );
  if (existsSync(join(out, "index.html"))) return `${out}/`;
  log(`building the viewer's page at ${commit.slice(0, 12)} (once, into ${out})`);
  const tree = join(mkdtempSync(join(tmpdir(), "trainwatch-viewer-at-")), "tree");
  await execa("git", ["-C", repoRoot, "worktree", "add", "--detach", tree, commit]);
  try {
    await execa(
      "npx",
      [
        "pnpm@10.34.8",
        "install",
        "--prefer-offline",
        "--frozen-lockfile",
        "--ignore-scripts",
        "--filter",
        "@trainwatch/viewer",
      ],
      { cwd: tree },
    );
    await execa("npx", ["vite", "build", "--logLevel", "error", "--outDir", out], {
      cwd: join(tree, "packages", "viewer"),
    });
  } finally {
    await execa("git", ["-C", repoRoot, "worktree", "remove", "--force", tree]).catch(() => {
      rmSync(tree, { recursive: true, force: true }); // a worktree git no longer knows
    });
  }
  return `${out}/`;
}

/** The gzipped size of a built page's dashboard script (`assets/index-*.js`), in KiB. */
export function pageScriptKiB(webDir: string): number {
  const assets = join(webDir, "assets");
  const script = readdirSync(assets).find((f) => f.startsWith("index-") && f.endsWith(".js"));
  if (!script) throw new Error(`no index-*.js in ${assets}`);
  return gzipSync(readFileSync(join(assets, script))).length / 1024;
}
