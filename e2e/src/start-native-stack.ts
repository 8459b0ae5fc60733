import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";

const cli = createRequire(import.meta.url).resolve("@trainwatch/stack/cli");

/** What `trainwatch status --json` prints. */
export interface StackStatus {
  readonly services: Readonly<
    Record<"prometheus" | "pushgateway", { url: string; pid: number; running: boolean }> & {
      gpuCollector?: { url: string; pid: number; running: boolean; source: string };
    }
  >;
  readonly trainers: readonly {
    job: string;
    task: string;
    url: string;
    pid: number;
    running: boolean;
    logFile: string;
  }[];
}

export interface NativeStackOptions {
  /** Run directory; default: a new temporary one. */
  readonly dir?: string;
  /** Flags for `trainwatch up`, e.g. `["--workers", "2"]`. */
  readonly upArgs?: readonly string[];
  /** Flags for every trainer, e.g. `["--epochs", "3"]`. */
  readonly trainerArgs?: readonly string[];
}

/** A native stack started through the real `trainwatch` CLI; `stop()` runs `trainwatch down`. */
export interface NativeStack extends AsyncDisposable {
  readonly dir: string;
  readonly prometheusUrl: string;
  readonly pushgatewayUrl: string;
  status(): Promise<StackStatus>;
  stop(): Promise<void>;
}

/** Runs the `trainwatch` CLI; rejects with its output when it exits non-zero. */
export async function trainwatch(args: readonly string[]): Promise<string> {
  const result = await execa("node", [cli, ...args], { all: true, reject: false });
  if (result.exitCode !== 0)
    throw new Error(`trainwatch ${args.join(" ")} exited ${result.exitCode}:\n${result.all}`);
  return result.stdout;
}

/** Starts a native stack with `trainwatch up --detach` and reads its URLs from `status --json`. */
export async function startNativeStack(options: NativeStackOptions = {}): Promise<NativeStack> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "trainwatch-e2e-"));
  const stop = async () => {
    await trainwatch(["down", "--dir", dir]);
  };
  try {
    await trainwatch([
      "up",
      "--detach",
      "--dir",
      dir,
      ...(options.upArgs ?? []),
      "--",
      ...(options.trainerArgs ?? []),
    ]);
  } catch (error) {
    await stop().catch(() => undefined); // clean up what a half-failed start left, keep its error
    throw error;
  }
  const status = async () =>
    JSON.parse(await trainwatch(["status", "--json", "--dir", dir])) as StackStatus;
  const { services } = await status();
  return {
    dir,
    prometheusUrl: services.prometheus.url,
    pushgatewayUrl: services.pushgateway.url,
    status,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
