import { createRequire } from "node:module";
import { type ServiceHandle, startService } from "@trainwatch/native-services";
import { type Placement, placeService } from "./place-service.js";

/** The trainer CLI the stack runs, as a path node can execute. */
export const trainerCli: string = createRequire(import.meta.url).resolve("@trainwatch/trainer/cli");

export interface TrainerProcessOptions extends Placement {
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
  readonly detached: boolean;
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts one trainer worker as a child process on a free port and waits for its `/healthz`. */
export async function startTrainerProcess(options: TrainerProcessOptions): Promise<ServiceHandle> {
  const { host, job, task } = options;
  const { port, url, netns } = await placeService(options);
  return startService({
    name: `trainer ${job}/${task}`,
    binary: process.execPath,
    args: [
      trainerCli,
      ...["--job", job, "--task", task, "--learning-rate", String(options.learningRate)],
      ...[
        "--metrics-host",
        host,
        "--metrics-port",
        String(port),
        "--pushgateway-url",
        options.pushgatewayUrl,
        "--spool-dir",
        options.spoolDir,
        "--checkpoint-dir",
        options.checkpointDir,
      ],
      ...["--progress", "lines"],
      ...options.args,
    ],
    url,
    port,
    readyPath: "/healthz",
    logFile: options.logFile,
    env: options.env,
    echo: options.echo,
    detached: options.detached,
    netns,
  });
}
