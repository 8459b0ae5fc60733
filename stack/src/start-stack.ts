import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Logger, TrainwatchError, waitFor } from "@trainwatch/cli-kit";
import type { SourceSpec } from "@trainwatch/gpu-collector";
import {
  isAlive,
  type ServiceHandle,
  startAlertmanager,
  startPrometheus,
  startPushgateway,
} from "@trainwatch/native-services";
import { fastThresholds } from "@trainwatch/prometheus-config";
import getPort from "get-port";
import { renderAlertmanagerConfig } from "./render-alertmanager-config.js";
import { renderPrometheusConfig } from "./render-prometheus-config.js";
import { readStackState, type StackState, writeStackState } from "./stack-state.js";
import { startAlertReceiverProcess } from "./start-alert-receiver-process.js";
import { startGpuCollectorProcess } from "./start-gpu-collector-process.js";
import { startTrainerProcess } from "./start-trainer-process.js";
import { writeFileSdTargets } from "./write-file-sd-targets.js";
import { writeRuleFiles, writeSecret } from "./write-run-files.js";

/** One trainer worker the stack runs. */
export interface TrainerSpec {
  readonly job: string;
  readonly task: string;
  readonly learningRate: number;
  /** Trainer flags for this worker only (e.g. its --fault-* flags). */
  readonly args?: readonly string[];
}

/** `production`: the committed rules; `fast`: the same rules timed in seconds (tests, demos). */
export type AlertTiming = "production" | "fast";

export interface StackOptions {
  /** Run directory: rendered configs, TSDB, logs, secrets, state. */
  readonly dir: string;
  /** The `prometheus/` folder whose files are rendered. */
  readonly configDir: string;
  readonly host: string;
  readonly prometheusPort?: number;
  readonly pushgatewayPort?: number;
  readonly alertmanagerPort?: number;
  readonly trainers: readonly TrainerSpec[];
  /** GPU source of the standalone collector; `none` runs no collector. */
  readonly gpu: SourceSpec;
  readonly alertTiming: AlertTiming;
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

const token = () => randomBytes(24).toString("hex");

/**
 * Starts the native stack on loopback from the system binaries: Pushgateway, GPU collector,
 * the early-stop receiver, Alertmanager and Prometheus (configs rendered from `configDir`), then
 * the trainers, which Prometheus discovers through `file_sd`. Resolves once Prometheus has
 * tried every trainer. On a half-failed start it stops what it started and rethrows the error.
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
  const trainersFile = join(dir, "trainers.json");
  writeFileSync(trainersFile, "[]\n");
  const secrets = { receiver: token(), control: token() };
  const started: ServiceHandle[] = [];
  const trainers: ServiceHandle[] = [];
  const stop = async () => {
    await Promise.all(trainers.map((t) => t.stop(30_000)));
    await Promise.all(started.map((s) => s.stop()));
  };
  const keep = <T extends ServiceHandle>(service: T): T => {
    started.push(service);
    return service;
  };
  try {
    const prometheusPort = options.prometheusPort ?? (await getPort({ host }));
    const pushgateway = keep(
      await startPushgateway({
        dir,
        host,
        port: options.pushgatewayPort,
        detached: options.detached,
      }),
    );
    const gpu =
      options.gpu.kind === "none"
        ? undefined
        : await startGpuCollectorProcess({
            source: options.gpu,
            host,
            logFile: join(dir, "gpu-collector.log"),
            detached: options.detached,
          });
    if (gpu) keep(gpu.service);
    const receiver = keep(
      await startAlertReceiverProcess({
        host,
        trainersFile,
        receiverToken: secrets.receiver,
        controlToken: secrets.control,
        logFile: join(dir, "alert-receiver.log"),
        detached: options.detached,
      }),
    );
    const alertmanagerConfig = join(dir, "alertmanager.yml");
    writeFileSync(
      alertmanagerConfig,
      renderAlertmanagerConfig(
        readFileSync(join(options.configDir, "alertmanager", "alertmanager.yml"), "utf8"),
        {
          services: { "alert-receiver": `${host}:${receiver.port}` },
          receiverTokenFile: writeSecret(dir, "receiver-token", secrets.receiver),
          env: process.env,
        },
      ),
    );
    const alertmanager = keep(
      await startAlertmanager({
        configFile: alertmanagerConfig,
        dir,
        host,
        port: options.alertmanagerPort,
        detached: options.detached,
      }),
    );

    const fast = options.alertTiming === "fast";
    const configFile = join(dir, "prometheus.yml");
    writeFileSync(
      configFile,
      renderPrometheusConfig(readFileSync(join(options.configDir, "prometheus.yml"), "utf8"), {
        services: {
          prometheus: `${host}:${prometheusPort}`,
          pushgateway: `${host}:${pushgateway.port}`,
          alertmanager: `${host}:${alertmanager.port}`,
          "gpu-collector": gpu ? `${host}:${gpu.service.port}` : null,
        },
        targetsDir,
        ruleFiles: [
          fast ? writeRuleFiles(dir, fastThresholds) : join(options.configDir, "rules", "*.yml"),
        ],
        ...(fast && { evaluationInterval: fastThresholds.evaluationInterval }),
      }),
    );
    const prometheus = keep(
      await startPrometheus({
        configFile,
        dir,
        host,
        port: prometheusPort,
        detached: options.detached,
      }),
    );
    logger.info(
      `Prometheus ${prometheus.url}, Pushgateway ${pushgateway.url}, Alertmanager ${alertmanager.url}`,
    );

    for (const spec of options.trainers) {
      trainers.push(
        await startTrainerProcess({
          ...spec,
          host,
          pushgatewayUrl: pushgateway.url,
          args: spec.args ?? options.trainerArgs,
          env: { TRAINWATCH_CONTROL_TOKEN: secrets.control },
          logFile: join(dir, `trainer-${spec.job}-${spec.task}.log`),
          echo: options.echo,
          detached: options.detached,
        }),
      );
    }
    const directory = options.trainers.map(({ job, task, learningRate }, i) => ({
      job,
      task,
      learningRate,
      url: (trainers[i] as ServiceHandle).url,
    }));
    writeFileSync(trainersFile, `${JSON.stringify(directory, null, 2)}\n`);
    writeFileSdTargets(targetsDir, "trainers", [
      { targets: trainers.map((t) => `${host}:${t.port}`) },
    ]);
    await waitForTargets(prometheus.url, trainers.length);

    const service = (s: ServiceHandle) => ({ url: s.url, pid: s.pid });
    const state: StackState = {
      services: {
        prometheus: service(prometheus),
        pushgateway: service(pushgateway),
        alertmanager: service(alertmanager),
        alertReceiver: service(receiver),
        ...(gpu && { gpuCollector: { ...service(gpu.service), source: gpu.source } }),
      },
      trainers: directory.map((t, i) => ({
        ...t,
        pid: (trainers[i] as ServiceHandle).pid,
        logFile: join(dir, `trainer-${t.job}-${t.task}.log`),
      })),
      alertTiming: options.alertTiming,
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
