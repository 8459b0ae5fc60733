import { waitFor } from "@trainwatch/cli-kit";
import type { BrowserContext } from "playwright-core";

/** How one URL opened in the browser: its status, and the console errors of the page. */
export interface LinkReport {
  readonly url: string;
  /** HTTP status, or 0 when it did not answer. */
  readonly status: number;
  readonly errors: readonly string[];
}

async function openOnce(context: BrowserContext, url: string): Promise<LinkReport> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  try {
    const response = await page.goto(url, { waitUntil: "load", timeout: 20_000 });
    await page.waitForLoadState("networkidle", { timeout: 5000 }).catch(() => {
      // a page that keeps polling (a dashboard refreshing every 5 s) is never idle: it loaded
    });
    return { url, status: response?.status() ?? 0, errors };
  } catch (error) {
    return { url, status: 0, errors: [...errors, (error as Error).message.split("\n")[0] ?? ""] };
  } finally {
    await page.close();
  }
}

/**
 * Opens every URL in the browser, as a person clicking the printed links would, and reports its
 * status and console errors. A URL that fails is tried again for `retryMs` (a demo trainer between
 * two runs is back on its port within seconds), and the last try is reported.
 */
export async function checkLinks(
  context: BrowserContext,
  urls: readonly string[],
  { retryMs = 20_000 }: { readonly retryMs?: number } = {},
): Promise<LinkReport[]> {
  const reports: LinkReport[] = [];
  for (const url of urls) {
    let last: LinkReport = { url, status: 0, errors: [] };
    await waitFor(
      async () => {
        last = await openOnce(context, url);
        return last.status === 200 && last.errors.length === 0;
      },
      { what: `${url} to open without an error`, timeoutMs: retryMs, intervalMs: 1000 },
    ).catch(() => {
      // reported below as it last was
    });
    reports.push(last);
  }
  return reports;
}
