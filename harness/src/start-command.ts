import { type ChildProcess, spawn } from "node:child_process";
import { waitFor } from "@trainwatch/cli-kit";

/** What a `trainwatch up` banner says: the URLs it prints, the dashboards' first. */
export interface Banner {
  readonly text: string;
  readonly dashboards: string;
  /** Every URL the banner prints, in order. */
  readonly urls: readonly string[];
}

/** Reads the banner `trainwatch up` printed, from "trainwatch is up" to "Ctrl-C stops". */
export function readBanner(output: string): Banner | undefined {
  const start = output.indexOf("trainwatch is up");
  const end = output.indexOf("Ctrl-C stops", start);
  if (start < 0 || end < 0) return undefined;
  const text = output.slice(start, end);
  const dashboards = /^\s*Dashboards\s+(http\S+)/m.exec(text)?.[1];
  if (!dashboards) return undefined;
  const urls = [...text.matchAll(/https?:\/\/[^\s)]+/g)].map((m) => m[0]);
  return { text, dashboards, urls };
}

/** A command run as a person runs it in a terminal, in a process group of its own. */
export interface StartCommand extends AsyncDisposable {
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Waits for the banner; rejects, with the output's tail, when it does not come. */
  banner(timeoutMs: number): Promise<Banner>;
  /** Ctrl-C: SIGINT to its process group; resolves with its exit code once it has ended. */
  interrupt(timeoutMs?: number): Promise<number | null>;
}

/** Runs `command args` in `cwd` with `env` (e.g. `npm start` in a fresh checkout). */
export function runStartCommand(
  command: string,
  args: readonly string[],
  { cwd, env }: { readonly cwd: string; readonly env: Readonly<Record<string, string>> },
): StartCommand {
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  let code: number | null | undefined;
  void exited.then((c) => {
    code = c;
  });
  const tail = () => output.split("\n").slice(-30).join("\n");
  const interrupt = async (timeoutMs = 60_000) => {
    if (code !== undefined) return code;
    try {
      process.kill(-(child.pid as number), "SIGINT");
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // already gone
      }
    }, timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    child,
    output: () => output,
    async banner(timeoutMs) {
      try {
        const banner = await waitFor(
          () => readBanner(output) ?? (code !== undefined && ("exited" as const)),
          { what: "the banner with the dashboards' URL", timeoutMs, intervalMs: 250 },
        );
        if (banner === "exited") throw new Error(`it exited (${code}) before its banner`);
        return banner;
      } catch (error) {
        throw new Error(`${(error as Error).message}; its output ended:\n${tail()}`, {
          cause: error,
        });
      }
    },
    interrupt,
    async [Symbol.asyncDispose]() {
      await interrupt();
    },
  };
}
