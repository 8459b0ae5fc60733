import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A copy of the repository as a clone would have it, and an empty home to run it from. */
export interface FreshCheckout extends AsyncDisposable {
  /** The checkout: every tracked file, and the untracked ones git does not ignore. */
  readonly dir: string;
  /** An empty `HOME`: no npm, pnpm, turbo or trainwatch cache. */
  readonly home: string;
  /** A process environment for it: this PATH (no node_modules/.bin), the empty HOME, Go's caches. */
  readonly env: Readonly<Record<string, string>>;
  remove(): void;
}

/** Go's module and build caches as this machine has them, which a fresh checkout may share. */
function goCaches(): Record<string, string> {
  try {
    const [modcache, cache] = execFileSync("go", ["env", "GOMODCACHE", "GOCACHE"], {
      encoding: "utf8",
    })
      .trim()
      .split("\n");
    return { GOMODCACHE: modcache as string, GOCACHE: cache as string };
  } catch {
    return {}; // no Go here: the start runs the system's binaries and builds nothing
  }
}

/**
 * Copies the working tree at `repoRoot` as a fresh clone would hold it (what `git ls-files`
 * lists: no node_modules, no builds, no run directories) into a new temporary folder, with an
 * empty home beside it. Only Go's caches are shared, as a newcomer with Go installed has them;
 * `keepGoBuildCache: false` leaves the build cache out too.
 */
export function createFreshCheckout(
  repoRoot: string,
  { keepGoBuildCache = true }: { readonly keepGoBuildCache?: boolean } = {},
): FreshCheckout {
  const base = mkdtempSync(join(tmpdir(), "trainwatch-fresh-"));
  const dir = join(base, "trainwatch");
  const home = join(base, "home");
  mkdirSync(home);
  const files = execFileSync("git", ["ls-files", "-z", "-co", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
  })
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      cpSync(join(repoRoot, file), join(dir, file));
    } catch (error) {
      // a tracked file deleted in the working tree: a clone of it would not have it either
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  const { GOCACHE, ...go } = goCaches();
  const env: Record<string, string> = {
    PATH: (process.env.PATH ?? "")
      .split(":")
      .filter((p) => !p.includes("node_modules"))
      .join(":"),
    HOME: home,
    LANG: process.env.LANG ?? "C.UTF-8",
    TERM: "dumb",
    ...go,
    ...(keepGoBuildCache && GOCACHE ? { GOCACHE } : {}),
    ...(process.env.CI ? { CI: process.env.CI } : {}),
  };
  const remove = () => rmSync(base, { recursive: true, force: true });
  return {
    dir,
    home,
    env,
    remove,
    async [Symbol.asyncDispose]() {
      remove();
    },
  };
}
