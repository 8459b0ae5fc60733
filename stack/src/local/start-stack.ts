import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { flushSpool } from "@trainwatch/exporter";
import { type ServiceHandle, startPushgateway } from "@trainwatch/native-services";
import getPort from "get-port";
import { assertNoClusterIn } from "../run-dir/cluster-state.js";
import { assertNoStackIn, type StackState, writeStackState } from "../run-dir/stack-state.js";
import { writeFileSdTargets } from "../run-dir/write-file-sd-targets.js";
import { writeSecret } from "../run-dir/write-run-files.js";
import { writeStackTls } from "../run-dir/write-stack-tls.js";
import { startAlerting } from "../services/start-alerting.js";
import { startGpuCollectorProcess } from "../services/start-gpu-collector-process.js";
import { startTrainers } from "../services/start-trainers.js";
import { startViewerProcess } from "../services/start-viewer-process.js";
import type { StackOptions } from "./stack-options.js";
import { otlpPath, startStackPrometheus } from "./start-stack-prometheus.js";
import { waitForPushers, waitForTargets } from "./wait-for-targets.js";

/** A started stack; `stop()` (or `await using`) stops trainers first, then the services. */
export interface StackHandle extends AsyncDisposable {
  readonly state: StackState;
  readonly trainers: readonly ServiceHandle[];
  stop(): Promise<void>;
}

const token = () => randomBytes(24).toString("hex");

/**
 * Starts the native stack on loopback from the system binaries: Pushgateway (then delivers
 * what `dir`'s spool holds, as `trainwatch flush` does), GPU collector,
 * the early-stop receiver, Alertmanager and Prometheus (configs rendered from `configDir`), the
 * dashboard viewer against that Prometheus, then the trainers, which Prometheus discovers through
 * `file_sd` (or which push to its OTLP receiver, with `otlp`). Resolves once Prometheus has
 * tried every trainer (or has each one's first push). On a half-failed start it stops what it started and rethrows the error.
 *
 * @throws TrainwatchError("usage") when a stack already runs in `dir`.
 */
export async function startStack(options: StackOptions): Promise<StackHandle> {
  const { dir, host, logger } = options;
  const startedAt = new Date();
  assertNoStackIn(dir);
  assertNoClusterIn(dir);
  const targetsDir = join(dir, "targets");
  mkdirSync(targetsDir, { recursive: true });
  writeFileSdTargets(targetsDir, "trainers", []);
  const secrets = { receiver: token(), control: token() };
  // For an operator who stops a trainer by hand: POST /control/stop with it as a bearer token.
  writeSecret(dir, "control-token", secrets.control);
  const tls = options.tls ? writeStackTls(join(dir, "tls"), host) : undefined;
  const probe = tls?.client("trainwatch");
  const services: ServiceHandle[] = [];
  const trainers: ServiceHandle[] = [];
  const stop = async () => {
    await Promise.all(trainers.map((t) => t.stop(30_000)));
    await Promise.all(services.map((s) => s.stop()));
  };
  const keep = <T extends ServiceHandle>(service: T): T => {
    services.push(service);
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
    // Final states an earlier run could not push (the Pushgateway was down) go in first.
    await flushSpool({ dir: join(dir, "spool"), pushgatewayUrl: pushgateway.url, logger });
    const gpu =
      options.gpu.kind === "none"
        ? undefined
        : await startGpuCollectorProcess({
            source: options.gpu,
            host,
            logFile: join(dir, "gpu-collector.log"),
            detached: options.detached,
            // A replayed GPU is given to the trainers, so energy per job shows without a GPU.
            replayProcesses: "trainwatch-trainer",
            costConfig: options.costConfig ?? join(options.configDir, "cost.yml"),
            ...(tls && { tls: probe, webConfigFile: tls.webConfigFile("gpu-collector") }),
          });
    if (gpu) keep(gpu.service);
    const { alertmanager, receiver } = await startAlerting({
      ...options,
      queryUrl: `http://${host}:${prometheusPort}`,
      secrets,
      tls,
      started: keep,
    });
    const prometheus = keep(
      await startStackPrometheus({
        ...options,
        port: prometheusPort,
        services: {
          pushgateway: `${host}:${pushgateway.port}`,
          alertmanager: `${host}:${alertmanager.port}`,
          "gpu-collector": gpu ? `${host}:${gpu.service.port}` : null,
        },
        targetsDir,
        ...(tls && { scrapeTls: { jobs: ["trainers", "gpu"], ...tls.client("prometheus") } }),
      }),
    );
    const dashboards = keep(
      await startViewerProcess({
        host,
        port: options.dashboardPort,
        prometheusUrl: prometheus.url,
        scrapeInterval: "1s",
        logFile: join(dir, "dashboards.log"),
        detached: options.detached,
        ...(tls && { tls: probe, webConfigFile: tls.webConfigFile("dashboards") }),
      }),
    );
    logger.info(
      `Prometheus, Alertmanager, the Pushgateway and the dashboards are up; starting ${options.trainers.length} trainers`,
    );
    const started = await startTrainers({
      ...options,
      specs: options.trainers,
      pushgatewayUrl: pushgateway.url,
      ...(options.otlp && { otlpEndpoint: `${prometheus.url}${otlpPath}` }),
      controlToken: secrets.control,
      targetsDir,
      // Under --tls the demo's GPU-following slowdown is left out: it reads the collector
      // without a client certificate.
      demo: options.demo ? { gpuCollectorUrl: tls ? undefined : gpu?.service.url } : undefined,
      tls: probe,
      webConfigFile: tls?.webConfigFile("trainer"),
      started: (t) => trainers.push(t),
    });
    if (options.otlp) await waitForPushers(prometheus.url, trainers.length);
    else await waitForTargets(prometheus.url, trainers.length);

    const service = (h: ServiceHandle) => ({
      url: h.url,
      pid: h.pid,
      ...(h.binary && { binary: h.binary }),
    });
    const state: StackState = {
      services: {
        dashboards: service(dashboards),
        prometheus: service(prometheus),
        pushgateway: service(pushgateway),
        alertmanager: service(alertmanager),
        alertReceiver: service(receiver),
        ...(gpu && { gpuCollector: { ...service(gpu.service), source: gpu.source } }),
      },
      trainers: started.map(({ args: _args, ...t }) => t),
      alertTiming: options.alertTiming,
      ...(tls && { tlsDir: tls.dir }),
      dir,
      startedAt: startedAt.toISOString(),
    };
    writeStackState(state);
    return { state, trainers, stop, [Symbol.asyncDispose]: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
