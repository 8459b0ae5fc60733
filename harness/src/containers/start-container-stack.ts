import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { splitFaultArgs } from "@trainwatch/stack";
import { execa } from "execa";
import { DockerComposeEnvironment } from "testcontainers";
import type { ScenarioOptions, TrainerState, TrainwatchStack } from "../trainwatch-stack.js";
import { readComposeFile, repoRoot } from "./compose-project.js";
import { describedHealthCheck } from "./described-health-check.js";
import { describeUnwellContainers, takeDownFailedProject } from "./take-down-failed-project.js";
import { readTrainerDirectory } from "./trainer-directory.js";
import { writeFastTimingConfig } from "./write-fast-timing-config.js";

export interface ContainerStackOptions extends ScenarioOptions {
  /** Image variables (`resolveImageSet().env`); those not given come from .env. */
  readonly images?: Readonly<Record<string, string>>;
  /** Run Grafana too (needs its image; default: when `images` names GRAFANA_IMAGE). */
  readonly grafana?: boolean;
  /** A team's own rule files, mounted at /etc/prometheus/rules (default: prometheus/rules). */
  readonly rulesDir?: string;
  /** A team's own dashboards (JSON), provisioned into Grafana (default: grafana/dashboards). */
  readonly dashboardsDir?: string;
  /** A team's trainer image; it gets the same flags as trainwatch's trainer. */
  readonly trainerImage?: string;
  /** Other trainers: their `file_sd` files (default: prometheus/targets), and which compose
   *  service runs which job and task, `[{job, task, url}]` (default: docker/trainers.json), for
   *  this harness alone (the receiver finds trainers through Prometheus). */
  readonly targetsDir?: string;
  readonly trainersFile?: string;
  /** Further compose files merged over docker-compose.yml, e.g. a team's own trainer services. */
  readonly overrideFiles?: readonly string[];
  /**
   * Merge docker-compose.tls.yml: the trainwatch servers serve HTTPS and require the stack's
   * client certificates (`trainers()` gives https URLs; the CA and the `healthcheck` client
   * certificate are in /run/trainwatch-tls of every trainwatch container).
   */
  readonly tls?: boolean;
  /** `v1`: the standalone docker-compose (default: the v2 plugin). */
  readonly compose?: "v1" | "v2";
  /**
   * docker-compose.yml's topology profile: `single` (one Prometheus and one Alertmanager, the
   * default) or `cluster` (a Prometheus agent, Thanos receivers, Query and Rule, two gossiping
   * Alertmanagers); `prometheusUrl` is then Thanos Query, `alertmanagerUrl` alertmanager-0.
   */
  readonly topology?: "single" | "cluster";
  /**
   * Run .env's demo as `docker compose up` does (its demo workers and fast rules); default: the
   * scenario's trainers once each, with its flags, under the rules it asks for.
   */
  readonly demo?: boolean;
}

/** A container stack: a compose project, with its containers' ids. */
export interface ContainerStack extends TrainwatchStack {
  readonly projectName: string;
  /** Container id of a compose service (its first replica). */
  containerId(service: string): string;
  /** `http://127.0.0.1:<host port>` of a service's published container port. */
  serviceUrl(service: string, port: number): string;
}

/** Quotes a flag for the shell-like splitting compose applies to a string `command`. */
const quote = (arg: string) =>
  /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
const flags = (args: readonly string[]) => args.map(quote).join(" "); // compose splits it, substituting nothing in it

/** `worker-1` → TRAINWATCH_WORKER_1_FLAGS, the variable docker-compose.yml gives that worker alone. */
export const workerFlagsVariable = (task: string) =>
  `TRAINWATCH_${task.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_FLAGS`;

/** docker-compose.yml's variables for a run: images, free ports, flags, mounted overrides. */
function composeVariables(
  options: ContainerStackOptions,
  work: string,
  grafanaPassword: string,
  profiles: readonly string[],
): Record<string, string> {
  const { faults, others } = splitFaultArgs(options.trainerArgs ?? []);
  const ports = [
    ...["PROMETHEUS", "ALERTMANAGER", "ALERTMANAGER_1", "PUSHGATEWAY", "GRAFANA"],
    ...["TRAINER_0", "TRAINER_1"],
  ];
  return {
    ...options.images,
    GRAFANA_ADMIN_USER: "admin",
    GRAFANA_ADMIN_PASSWORD: grafanaPassword,
    COMPOSE_PROFILES: profiles.join(","),
    ...Object.fromEntries(ports.map((s) => [`${s}_PORT`, "0"])),
    // A scenario's trainers run once each, with its flags, under the rules it asks for: not the
    // demo that .env sets up, unless it asks for that.
    ...(!options.demo && {
      TRAINWATCH_TRAINER_RUNNER: "trainwatch-trainer",
      TRAINWATCH_RULES_DIR: join(repoRoot, "prometheus", "rules"),
    }),
    ...(options.rulesDir && { TRAINWATCH_RULES_DIR: options.rulesDir }),
    TRAINWATCH_TRAINER_FLAGS: flags(options.faultTask ? others : [...others, ...faults]),
    ...(options.faultTask && { [workerFlagsVariable(options.faultTask)]: flags(faults) }),
    ...(options.dashboardsDir && { TRAINWATCH_DASHBOARDS_DIR: options.dashboardsDir }),
    ...(options.targetsDir && { TRAINWATCH_TARGETS_DIR: options.targetsDir }),
    ...(options.costConfig && { TRAINWATCH_COST_CONFIG: options.costConfig }),
    ...(options.trainerImage && { TRAINER_IMAGE: options.trainerImage }),
    ...(options.alertTiming === "fast" && writeFastTimingConfig(work)),
  };
}

/**
 * Starts docker-compose.yml through testcontainers: the services of its `replay` profile (the
 * replay collector stands in for the GPUs) and of the topology's, and those in no profile but,
 * without a Grafana image, Grafana; host ports picked free on loopback; waits for each
 * container's healthcheck. On a failed start nothing is left behind.
 */
export async function startContainerStack(
  options: ContainerStackOptions = {},
): Promise<ContainerStack> {
  const projectName = `trainwatch-e2e-${randomBytes(4).toString("hex")}`;
  const work = mkdtempSync(join(tmpdir(), "trainwatch-containers-"));
  chmodSync(work, 0o755); // the containers' users (nobody, node) read what is mounted from here
  const withGrafana = options.grafana ?? options.images?.GRAFANA_IMAGE !== undefined;
  const cluster = options.topology === "cluster";
  const profiles = ["replay", cluster ? "cluster" : "single"];
  const services = Object.entries(readComposeFile().services)
    .filter(
      ([name, s]) =>
        (!s.profiles || s.profiles.some((p) => profiles.includes(p))) &&
        (withGrafana || name !== "grafana"),
    )
    .map(([name]) => name);
  const grafanaPassword = randomBytes(12).toString("hex");
  const directory = readTrainerDirectory(
    options.trainersFile ?? join(repoRoot, "docker", "trainers.json"),
  );
  const environment = composeVariables(options, work, grafanaPassword, profiles);
  const v1 = options.compose === "v1";
  const containerName = (service: string) => (v1 ? `${projectName}_${service}_1` : `${service}-1`);
  const files = [
    "docker-compose.yml",
    ...(options.tls ? ["docker-compose.tls.yml"] : []),
    ...(options.overrideFiles ?? []),
  ];
  let started: Awaited<ReturnType<DockerComposeEnvironment["up"]>>;
  try {
    started = await new DockerComposeEnvironment(repoRoot, files)
      .withProjectName(projectName)
      .withEnvironment(environment)
      .withProfiles(...profiles)
      .withDefaultWaitStrategy(describedHealthCheck())
      .withStartupTimeout(180_000)
      .withClientOptions(v1 ? { executable: { standalone: true } } : {})
      .up(services);
  } catch (error) {
    const unwell = await describeUnwellContainers(projectName).catch(() => "");
    await takeDownFailedProject({
      projectName,
      files,
      profiles,
      environment,
      compose: v1 ? "v1" : "v2",
    });
    rmSync(work, { recursive: true, force: true });
    if (!unwell) throw error;
    throw new Error(`${(error as Error).message}\n${unwell}`, { cause: error });
  }
  const container = (service: string) => started.getContainer(containerName(service));
  const url = (service: string, port: number) =>
    `http://127.0.0.1:${container(service).getMappedPort(port)}`;
  const trainers = directory.map(({ job, task, url: inside }) => {
    const { hostname, port } = new URL(inside);
    const own = url(hostname, Number(port));
    return {
      job,
      task,
      service: hostname,
      url: options.tls ? own.replace(/^http:/, "https:") : own,
    };
  });
  const docker = async (...args: string[]) => (await execa("docker", args)).stdout;
  const stop = async () => {
    try {
      await started.down({ removeVolumes: true, timeout: 20_000 });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };
  return {
    runtime: "containers",
    projectName,
    prometheusUrl: url(cluster ? "query" : "prometheus", 9090),
    pushgatewayUrl: url("pushgateway", 9091),
    alertmanagerUrl: url(cluster ? "alertmanager-0" : "alertmanager", 9093),
    ...(withGrafana && {
      grafana: { url: url("grafana", 3000), admin: { user: "admin", password: grafanaPassword } },
    }),
    gpuSource: "replay",
    containerId: (service) => container(service).getId(),
    serviceUrl: url,
    trainers: async () =>
      Promise.all(
        trainers.map(async ({ job, task, service, url }): Promise<TrainerState> => {
          const state = await docker(
            "inspect",
            "-f",
            "{{.State.Running}}",
            container(service).getId(),
          );
          return { job, task, url, running: state.trim() === "true" };
        }),
      ),
    trainerLog: async (task) => {
      const trainer = trainers.find((t) => t.task === task);
      if (!trainer) throw new Error(`no trainer ${task} in this stack`);
      const logs = await execa("docker", ["logs", container(trainer.service).getId()], {
        all: true,
      });
      return logs.all ?? "";
    },
    leftovers: async () => {
      const label = `label=com.docker.compose.project=${projectName}`;
      const containers = await docker("ps", "-aq", "--filter", label);
      const volumes = await docker("volume", "ls", "-q", "--filter", label);
      const networks = await docker("network", "ls", "-q", "--filter", label);
      return [
        ...containers
          .split("\n")
          .filter(Boolean)
          .map((id) => `container ${id}`),
        ...volumes
          .split("\n")
          .filter(Boolean)
          .map((v) => `volume ${v}`),
        ...networks
          .split("\n")
          .filter(Boolean)
          .map((n) => `network ${n}`),
      ];
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
