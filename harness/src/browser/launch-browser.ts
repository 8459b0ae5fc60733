import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Debian's Chromium, which `.ci/run` installs; Playwright's own browser download cannot work here. */
export const chromiumPath = process.env.TRAINWATCH_CHROMIUM ?? "/usr/bin/chromium";

/** Why browser tests cannot run here, or undefined when Chromium is installed. */
export function browserSkipReason(): string | undefined {
  return existsSync(chromiumPath)
    ? undefined
    : `no Chromium at ${chromiumPath}: install Debian's (apt-get install chromium) or set TRAINWATCH_CHROMIUM`;
}

/** A headless Chromium with a fresh profile; closing it removes the profile. */
export interface Browser extends AsyncDisposable {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium through playwright-core with a fresh `--user-data-dir`, no sandbox
 * (root in CI), no GPU and no background networking; its pages in `timezoneId` (an IANA zone,
 * such as `Asia/Kolkata`) where given, else in the machine's.
 */
export async function launchBrowser(
  viewport: { width: number; height: number } = { width: 1600, height: 1000 },
  timezoneId?: string,
): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "trainwatch-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    ...(timezoneId && { timezoneId }),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close, [Symbol.asyncDispose]: close };
}
