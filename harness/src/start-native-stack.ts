import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlive } from "@trainwatch/native-services";
import { execa } from "execa";
import type { ScenarioOptions, TrainwatchStack } from "./trainwatch-stack.js";

const cli = createRequire(import.meta.url).resolve("@trainwatch/stack/cli");

interface ServiceStatus {
  url: string;
  pid: number;
  running: boolean;
  /** Prometheus, Pushgateway and Alertmanager: the binary that runs. */
  binary?: { version: string; origin: "upstream" | "variable" | "path"; path: string };
}

/** What `trainwatch status --json` prints. */
export interface StackStatus {
  readonly services: Readonly<
    Record<
      "dashboards" | "prometheus" | "pushgateway" | "alertmanager" | "alertReceiver",
      ServiceStatus
    > & {
      gpuCollector?: ServiceStatus & { source: string };
    }
  >;
  readonly trainers: readonly (ServiceStatus & { job: string; task: string; logFile: string })[];
}

export interface NativeStackOptions extends ScenarioOptions {
  /** Run directory; default: a new temporary one. */
  readonly dir?: string;
  /** Further flags for `trainwatch up`, e.g. `["--workers", "3"]`. */
  readonly upArgs?: readonly string[];
  /** Variables for `trainwatch up`, e.g. `{ TRAINWATCH_SYSTEM_BINARIES: "1" }`. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A native stack started through the real `trainwatch` CLI; `stop()` runs `trainwatch down`. */
export interface NativeStack extends TrainwatchStack {
  readonly dir: string;
  status(): Promise<StackStatus>;
}

/** Runs the `trainwatch` CLI; rejects with its output when it exits non-zero. */
export async function trainwatch(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<string> {
  const result = await execa("node", [cli, ...args], { all: true, reject: false, env });
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
  const upArgs = [
    ...(options.alertTiming ? ["--alert-timing", options.alertTiming] : []),
    ...(options.faultTask ? ["--fault-task", options.faultTask] : []),
    ...(options.costConfig ? ["--cost-config", options.costConfig] : []),
    ...(options.upArgs ?? []),
  ];
  try {
    await trainwatch(
      ["up", "--detach", "--dir", dir, ...upArgs, "--", ...(options.trainerArgs ?? [])],
      options.env,
    );
  } catch (error) {
    await stop().catch(() => undefined); // clean up what a half-failed start left, keep its error
    throw error;
  }
  const status = async () =>
    JSON.parse(await trainwatch(["status", "--json", "--dir", dir])) as StackStatus;
  const { services, trainers } = await status();
  const pids = [...trainers, ...Object.values(services)].map((s) => s.pid);
  return {
    runtime: "native",
    dir,
    prometheusUrl: services.prometheus.url,
    pushgatewayUrl: services.pushgateway.url,
    alertmanagerUrl: services.alertmanager.url,
    gpuSource: services.gpuCollector?.source ?? "none",
    status,
    trainers: async () =>
      (await status()).trainers.map(({ job, task, url, running }) => ({ job, task, url, running })),
    trainerLog: async (task) => {
      const trainer = trainers.find((t) => t.task === task);
      if (!trainer) throw new Error(`no trainer ${task} in this stack`);
      return readFileSync(trainer.logFile, "utf8");
    },
    leftovers: async () => pids.filter(isAlive).map((pid) => `process ${pid}`),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
