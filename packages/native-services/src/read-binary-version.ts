import { execFile } from "node:child_process";
import { promisify } from "node:util";

/**
 * The version a Prometheus-project binary reports with `--version`, e.g. "3.13.5" or Debian's
 * "2.42.0+ds"; "unknown" when it prints none.
 */
export async function readBinaryVersion(path: string): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)(path, ["--version"], { timeout: 10_000 });
  return /version (\S+)/.exec(`${stdout}${stderr}`)?.[1] ?? "unknown";
}
