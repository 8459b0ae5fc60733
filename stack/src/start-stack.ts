import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Logger, TrainwatchError, waitFor } from "@trainwatch/cli-kit";
import type { SourceSpec } from "@trainwatch/gpu-collector";
import {
  isAlive,
  type ServiceHandle,
  startPrometheus,
  startPushgateway,
} from "@trainwatch/native-services";
import getPort from "get-port";
import { renderPrometheusConfig } from "./render-prometheus-config.js";
import { readStackState, type StackState, writeStackState } from "./stack-state.js";
import { startGpuCollectorProcess } from "./start-gpu-collector-process.js";
import { startTrainerProcess } from "./start-trainer-process.js";
import { writeFileSdTargets } from "./write-file-sd-targets.js";

/** One trainer worker the stack runs. */
export interface TrainerSpec {
  readonly job: string;
  readonly task: string;
  readonly learningRate: number;
}

export interface StackOptions {
  /** Run directory: rendered configs, TSDB, logs, state. */
  readonly dir: string;
  /** The `prometheus/` folder whose files are rendered. */
  readonly configDir: string;
  readonly host: string;
  readonly prometheusPort?: number;
  readonly pushgatewayPort?: number;
  readonly trainers: readonly TrainerSpec[];
  /** GPU source of the standalone collector; `none` runs no collector. */
  readonly gpu: SourceSpec;
  /** Flags every trainer gets, e.g. `["--epochs", "3"]`. */
  readonly trainerArgs: readonly string[];
  /** Let everything outlive this process (`up --detach`). */
  readonly detached: boolean;
  /** Show the trainers' output on this process's stdout. */
  readonly echo: boolean;
  readonly logger: Logger;
}

/** A started stack; `stop()` (or `await using`) stops trainers first, then the services. */
export interface StackHandle extends AsyncDisposable {
  readonly state: StackState;
  readonly trainers: readonly ServiceHandle[];
  stop(): Promise<void>;
}

/**
 * Starts Prometheus and the Pushgateway from the system binaries on loopback, then the
 * trainers, which Prometheus discovers through `file_sd`; resolves once Prometheus scrapes
 * every trainer. On a half-failed start it stops what it started and rethrows the error.
 *
 * @throws TrainwatchError("usage") when a stack already runs in `dir`.
 */
export async function startStack(options: StackOptions): Promise<StackHandle> {
  const { dir, host, logger } = options;
  const previous = readStackState(dir);
  if (previous && isAlive(previous.services.prometheus.pid)) {
    throw new TrainwatchError(
      "usage",
      `a stack already runs in ${dir} (Prometheus at ${previous.services.prometheus.url}): stop it with \`trainwatch down\`, or use another --dir`,
    );
  }
  const targetsDir = join(dir, "targets");
  mkdirSync(targetsDir, { recursive: true });
  writeFileSdTargets(targetsDir, "trainers", []);
  const started: ServiceHandle[] = [];
  const trainers: ServiceHandle[] = [];
  const stop = async () => {
    await Promise.all(trainers.map((t) => t.stop(30_000)));
    await Promise.all(started.map((s) => s.stop()));
  };
  try {
    const prometheusPort = options.prometheusPort ?? (await getPort({ host }));
    const pushgateway = await startPushgateway({
      dir,
      host,
      port: options.pushgatewayPort,
      detached: options.detached,
    });
    started.push(pushgateway);
    const gpu =
      options.gpu.kind === "none"
        ? undefined
        : await startGpuCollectorProcess({
            source: options.gpu,
            host,
            logFile: join(dir, "gpu-collector.log"),
            detached: options.detached,
          });
    if (gpu) started.push(gpu.service);
    const configFile = join(dir, "prometheus.yml");
    const source = readFileSync(join(options.configDir, "prometheus.yml"), "utf8");
    const services = {
      prometheus: `${host}:${prometheusPort}`,
      pushgateway: `${host}:${pushgateway.port}`,
      "gpu-collector": gpu ? `${host}:${gpu.service.port}` : null,
    };
    writeFileSync(configFile, renderPrometheusConfig(source, { services, targetsDir }));
    const prometheus = await startPrometheus({
      configFile,
      dir,
      host,
      port: prometheusPort,
      detached: options.detached,
    });
    started.push(prometheus);
    logger.info(`Prometheus ${prometheus.url}, Pushgateway ${pushgateway.url}`);

    for (const spec of options.trainers) {
      const trainer = await startTrainerProcess({
        ...spec,
        host,
        pushgatewayUrl: pushgateway.url,
        args: options.trainerArgs,
        logFile: join(dir, `trainer-${spec.job}-${spec.task}.log`),
        echo: options.echo,
        detached: options.detached,
      });
      trainers.push(trainer);
    }
    writeFileSdTargets(targetsDir, "trainers", [
      { targets: trainers.map((t) => `${host}:${t.port}`) },
    ]);
    await waitForTargets(prometheus.url, trainers.length);

    const state: StackState = {
      services: {
        prometheus: { url: prometheus.url, pid: prometheus.pid },
        pushgateway: { url: pushgateway.url, pid: pushgateway.pid },
        ...(gpu && {
          gpuCollector: { url: gpu.service.url, pid: gpu.service.pid, source: gpu.source },
        }),
      },
      trainers: options.trainers.map((spec, i) => ({
        ...spec,
        url: (trainers[i] as ServiceHandle).url,
        pid: (trainers[i] as ServiceHandle).pid,
        logFile: join(dir, `trainer-${spec.job}-${spec.task}.log`),
      })),
      dir,
      startedAt: new Date().toISOString(),
    };
    writeStackState(state);
    return { state, trainers, stop, [Symbol.asyncDispose]: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Waits until Prometheus has discovered all `count` trainer targets through `file_sd` and tried
 * each once (health no longer "unknown"). A run too short to be scraped still counts: its
 * final state reaches Prometheus through the Pushgateway.
 */
async function waitForTargets(prometheusUrl: string, count: number): Promise<void> {
  if (count === 0) return;
  await waitFor(
    async () => {
      const response = await fetch(
        `${prometheusUrl}/api/v1/targets?state=active&scrapePool=trainers`,
      );
      const body = (await response.json()) as {
        data: { activeTargets: { scrapePool: string; health: string }[] };
      };
      const trainers = body.data.activeTargets.filter((t) => t.scrapePool === "trainers");
      return trainers.length === count && trainers.every((t) => t.health !== "unknown");
    },
    {
      what: `Prometheus to discover and scrape all ${count} trainers (file_sd)`,
      timeoutMs: 30_000,
      intervalMs: 200,
    },
  );
}
