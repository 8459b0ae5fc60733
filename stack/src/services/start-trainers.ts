import { join } from "node:path";
import type { ClientTls, Netns, ServiceHandle } from "@trainwatch/native-services";
import { roleOfTask } from "../demo/demo-plan.js";
import { writeFileSdTargets } from "../run-dir/write-file-sd-targets.js";
import { startTrainerProcess, trainerCli } from "./start-trainer-process.js";
import type { TrainerSpec } from "./trainer-spec.js";

export interface TrainersOptions {
  readonly dir: string;
  readonly host: string;
  /** In a network namespace (a node of the distributed stack), on ports from `firstPort` on. */
  readonly netns?: Netns;
  /** Default: free ports. */
  readonly firstPort?: number;
  readonly specs: readonly TrainerSpec[];
  readonly trainerArgs: readonly string[];
  readonly pushgatewayUrl: string;
  /** Each trainer pushes to this OTLP endpoint every second, and is not written to the targets. */
  readonly otlpEndpoint?: string;
  readonly controlToken: string;
  readonly targetsDir: string;
  readonly echo: boolean;
  readonly detached: boolean;
  /**
   * Run the workers as demo workers (`trainwatch demo-worker`), each in its task's role (worker-1
   * troubled); batches slow while this GPU collector, if given, reports a thermal slowdown.
   */
  readonly demo?: { readonly gpuCollectorUrl?: string };
  /** HTTPS: each trainer's web.yml, and how this process reaches it. */
  readonly webConfigFile?: string;
  readonly tls?: ClientTls;
  /** Called with each trainer as soon as it runs, so a later failure can stop it. */
  readonly started: (trainer: ServiceHandle) => void;
}

/** A started trainer with where it answers and logs. */
export interface StartedTrainer extends TrainerSpec {
  readonly url: string;
  readonly pid: number;
  readonly logFile: string;
  /** What its command line holds, so `status` and `down` tell it from a process that reused its pid. */
  readonly match: string;
}

/**
 * Starts the trainers (the control token in their environment), then writes the `file_sd`
 * targets Prometheus discovers (and the early-stop receiver finds them through), unless they
 * push with OTLP.
 */
export async function startTrainers(options: TrainersOptions): Promise<StartedTrainer[]> {
  const trainers: StartedTrainer[] = [];
  for (const [i, { args, ...spec }] of options.specs.entries()) {
    const logFile = join(options.dir, `trainer-${spec.job}-${spec.task}.log`);
    const handle = await startTrainerProcess({
      ...spec,
      host: options.host,
      ...(options.firstPort !== undefined && { port: options.firstPort + i }),
      netns: options.netns,
      pushgatewayUrl: options.pushgatewayUrl,
      spoolDir: join(options.dir, "spool"),
      checkpointDir: join(options.dir, "checkpoints", spec.job, spec.task),
      args: [
        ...(options.otlpEndpoint
          ? ["--otlp-endpoint", options.otlpEndpoint, "--otlp-interval", "1"]
          : []),
        ...(args ?? options.trainerArgs),
      ],
      env: { TRAINWATCH_CONTROL_TOKEN: options.controlToken },
      logFile,
      echo: options.echo,
      detached: options.detached,
      tls: options.tls,
      webConfigFile: options.webConfigFile,
      ...(options.demo && { demo: { role: roleOfTask(spec.task), ...options.demo } }),
    });
    options.started(handle);
    const match = options.demo ? "demo-worker" : trainerCli;
    trainers.push({ ...spec, url: handle.url, pid: handle.pid, logFile, match });
  }
  // A pushing trainer is not scraped: its series would be stored twice, under two instances.
  if (!options.otlpEndpoint)
    writeFileSdTargets(options.targetsDir, "trainers", [
      { targets: trainers.map((t) => new URL(t.url).host) },
    ]);
  return trainers;
}
