import { mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { SpoolFile } from "./spool-file.js";

/**
 * Writes a failed push into `dir` atomically (a temporary file, synced, then renamed), so a
 * crash leaves either the whole file or none, and a failed write (a full disk) removes its
 * temporary file. Returns its path.
 *
 * @example await writeSpoolFile(".trainwatch/spool", { version: 1, job: "mnist_mlp", … })
 */
export async function writeSpoolFile(dir: string, push: SpoolFile): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = push.time.replace(/[:.]/g, "-");
  const file = join(dir, `${stamp}_${push.job}_${push.task}_${push.runId}.json`);
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, "w");
  try {
    try {
      await handle.writeFile(`${JSON.stringify(push, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return file;
}
