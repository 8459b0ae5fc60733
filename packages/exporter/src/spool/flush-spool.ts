import { mkdir, readdir, readFile, rename, unlink } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Logger } from "@trainwatch/cli-kit";
import { pushgatewayGroupUrl } from "../pushgateway-group-url.js";
import { groupKey, pushTimes } from "./push-times.js";
import { type SpoolFile, spoolFileSchema } from "./spool-file.js";

export interface FlushSpoolOptions {
  /** The spool folder, e.g. `.trainwatch/spool`. */
  readonly dir: string;
  /** Deliver here instead of the Pushgateway each file names (e.g. the stack's current one). */
  readonly pushgatewayUrl?: string;
  readonly logger: Logger;
  /** Limit of one HTTP request; default 5000 ms. */
  readonly timeoutMs?: number;
}

/** What became of each spool file, by path. */
export interface FlushReport {
  readonly delivered: string[];
  /** A newer state of the same job and task was already in the Pushgateway: moved to `superseded/`. */
  readonly superseded: string[];
  /** Not a spool file: moved to `unreadable/`, never deleted. */
  readonly unreadable: string[];
  /** Delivery failed: kept for the next flush. */
  readonly failed: string[];
}

/**
 * Re-delivers spooled final pushes, oldest first, and deletes each only after the Pushgateway
 * answered 2xx. A push older than the state the Pushgateway holds for its job and task (a newer
 * run's) is never delivered over it.
 */
export async function flushSpool(options: FlushSpoolOptions): Promise<FlushReport> {
  const { dir, logger, timeoutMs = 5000 } = options;
  const report: FlushReport = { delivered: [], superseded: [], unreadable: [], failed: [] };
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  // Each Pushgateway's push times as the flush found them (read once), then as it left them:
  // a file delivered here is what that group holds next, so a newer file still goes in.
  const held = new Map<string, Promise<Map<string, number>>>();
  const signal = () => AbortSignal.timeout(timeoutMs);
  for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
    const file = join(dir, name);
    const push = await readSpoolFile(file);
    if (push === undefined) {
      const aside = await moveAside(file, "unreadable");
      logger.warn(`${file} is not a spool file: moved to ${aside}; look at it, then delete it`);
      report.unreadable.push(aside);
      continue;
    }
    const base = options.pushgatewayUrl ?? push.pushgatewayUrl;
    try {
      if (!held.has(base)) held.set(base, pushTimes(base, signal()));
      const times = await (held.get(base) as Promise<Map<string, number>>);
      const newest = times.get(groupKey(push));
      const pushedAt = Date.parse(push.time) / 1000;
      if (newest !== undefined && newest > pushedAt) {
        const aside = await moveAside(file, "superseded");
        logger.info(
          `${basename(file)}: ${base} holds a newer push for ${push.job}/${push.task} (${new Date(newest * 1000).toISOString()}); moved to ${aside}`,
        );
        report.superseded.push(aside);
        continue;
      }
      const response = await fetch(pushgatewayGroupUrl(base, push), {
        method: "PUT",
        headers: { "Content-Type": push.contentType },
        body: push.body,
        signal: signal(),
      });
      if (!response.ok) {
        throw new Error(`${response.status} ${(await response.text()).trim().slice(0, 200)}`);
      }
      times.set(groupKey(push), pushedAt);
      await unlink(file);
      logger.info(
        `delivered ${push.job}/${push.task} run ${push.runId} (${push.status}) to ${base}`,
      );
      report.delivered.push(file);
    } catch (error) {
      const why =
        error instanceof Error
          ? ((error.cause as Error | undefined)?.message ?? error.message)
          : String(error);
      logger.warn(
        `${basename(file)}: could not deliver to ${base} (${why}); kept for the next flush`,
      );
      report.failed.push(file);
    }
  }
  return report;
}

async function readSpoolFile(file: string): Promise<SpoolFile | undefined> {
  try {
    const parsed = spoolFileSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not JSON: the caller moves it aside
  }
}

async function moveAside(file: string, folder: string): Promise<string> {
  const target = join(file, "..", folder);
  await mkdir(target, { recursive: true });
  const moved = join(target, basename(file));
  await rename(file, moved);
  return moved;
}
