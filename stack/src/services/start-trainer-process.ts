import { createRequire } from "node:module";
import {
  type ServiceHandle,
  type ServicePlacement,
  startManagedService,
} from "@trainwatch/native-services";
import type { DemoRole } from "../demo/demo-plan.js";
import { stackCli } from "../run-dir/stack-paths.js";

/**
 * The trainer CLI the stack runs, as a path node can execute: its `trainwatch-trainer` shim, so
 * a replayed GPU finds the process by that name (`--replay-processes`), as in compose.
 */
export const trainerCli: string = createRequire(import.meta.url).resolve("@trainwatch/trainer/cli");

export interface TrainerProcessOptions extends ServicePlacement {
  readonly job: string;
  readonly task: string;
  readonly learningRate: number;
  readonly pushgatewayUrl: string;
  /** Where a final push that fails is kept, for `trainwatch flush`. */
  readonly spoolDir: string;
  /** Where the worker writes a checkpoint every epoch (a later --checkpoint-dir in `args` wins). */
  readonly checkpointDir: string;
  /** Further trainer flags, e.g. `["--epochs", "3"]`. */
  readonly args: readonly string[];
  readonly logFile: string;
  readonly echo: boolean;
  readonly env?: Readonly<Record<string, string>>;
  /** Serve /metrics and the control port as this web.yml says (with `tls`, how to reach it). */
  readonly webConfigFile?: string;
  /**
   * Run it as a demo worker (`trainwatch demo-worker`): runs one after another on this port,
   * shaped by its role; `gpuCollectorUrl` slows its batches while that GPU is throttled.
   */
  readonly demo?: { readonly role: DemoRole; readonly gpuCollectorUrl?: string };
}

/**
 * Starts one trainer worker as a child process on a free port (or a demo worker, whose runs
 * follow one another there) and waits for its `/healthz`.
 */
export function startTrainerProcess(options: TrainerProcessOptions): Promise<ServiceHandle> {
  const { job, task, demo } = options;
  const program = demo
    ? [
        stackCli,
        ...["demo-worker", "--role", demo.role],
        ...(demo.gpuCollectorUrl ? ["--gpu-collector-url", demo.gpuCollectorUrl] : []),
        "--",
      ]
    : [trainerCli];
  return startManagedService(
    {
      name: `trainer ${job}/${task}`,
      portFlag: `trainer ${job}/${task}'s --metrics-port`,
      readyPath: "/healthz",
      logFile: options.logFile,
      command: ({ host, port }) => ({
        binary: process.execPath,
        args: [
          ...program,
          ...["--job", job, "--task", task, "--learning-rate", String(options.learningRate)],
          ...["--metrics-host", host, "--metrics-port", String(port)],
          ...["--pushgateway-url", options.pushgatewayUrl, "--spool-dir", options.spoolDir],
          ...["--checkpoint-dir", options.checkpointDir],
          ...["--progress", "lines"],
          ...(options.webConfigFile ? ["--web.config.file", options.webConfigFile] : []),
          ...options.args,
        ],
        env: options.env,
        echo: options.echo,
      }),
    },
    options,
  );
}
