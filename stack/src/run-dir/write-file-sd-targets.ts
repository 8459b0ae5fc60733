import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** One `file_sd` target group: addresses to scrape and labels to add. */
export interface TargetGroup {
  readonly targets: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Writes a `file_sd` target file atomically (temporary file, then rename), so Prometheus never
 * reads half of one. Prometheus notices the change without a restart.
 */
export function writeFileSdTargets(
  targetsDir: string,
  name: string,
  groups: readonly TargetGroup[],
): string {
  const file = join(targetsDir, `${name}.json`);
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(groups, null, 2)}\n`);
  renameSync(temporary, file);
  return file;
}
