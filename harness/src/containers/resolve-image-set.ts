import { execa } from "execa";
import {
  imageExists,
  type Log,
  type OfflineImage,
  type OfflineService,
  offlineNodeImage,
  offlineServiceImage,
} from "./build-offline-images.js";
import { readComposeDefaults, repoRoot } from "./compose-project.js";

/** The images a container stack runs, as docker-compose.yml's variables. */
export interface ImageSet {
  /** PROMETHEUS_IMAGE, ALERTMANAGER_IMAGE, PUSHGATEWAY_IMAGE, THANOS_IMAGE, TRAINWATCH_IMAGE (and GRAFANA_IMAGE when there is one). */
  readonly env: Readonly<Record<string, string>>;
  /** Grafana's image, or why there is none (then no Grafana runs and its checks are skipped). */
  readonly grafana: { readonly image: string } | { readonly reason: string };
  /** One line per image: which one, official or offline, and why. */
  readonly summary: readonly string[];
  /** What Prometheus, Alertmanager and Pushgateway run, for test titles. */
  readonly binaries: string;
  /** What Thanos runs (the `cluster` profile), for its test titles. */
  readonly thanos: string;
}

export interface ImageSetOptions {
  readonly log?: Log;
  /** The tag the trainwatch image is built under (from ./Dockerfile). */
  readonly trainwatchTag?: string;
}

const services: Readonly<Record<Exclude<OfflineService, "thanos">, string>> = {
  prometheus: "PROMETHEUS_IMAGE",
  alertmanager: "ALERTMANAGER_IMAGE",
  pushgateway: "PUSHGATEWAY_IMAGE",
};

/** Present locally, or pulled now; else the registry's one-line refusal. */
async function obtain(image: string): Promise<true | string> {
  if (await imageExists(image)) return true;
  const pull = await execa("docker", ["pull", "-q", image], { reject: false, timeout: 180_000 });
  if (pull.exitCode === 0) return true;
  return (pull.stderr || pull.message || "").trim().split("\n").at(-1) ?? "pull failed";
}

/**
 * Chooses each image of the container stack: the official one pinned in .env (or the variable
 * set in this environment) when it is present or can be pulled, else its offline stand-in (the
 * pinned release built from its Go module, else Debian's package); builds the trainwatch image from ./Dockerfile on the chosen Node image.
 */
export async function resolveImageSet(options: ImageSetOptions = {}): Promise<ImageSet> {
  const log = options.log ?? (() => undefined);
  const pins = { ...readComposeDefaults(), ...process.env } as Record<string, string | undefined>;
  const env: Record<string, string> = {};
  const summary: string[] = [];
  const binaries: string[] = [];
  const choose = async (variable: string, offline: () => Promise<OfflineImage>) => {
    const official = pins[variable];
    if (!official) throw new Error(`${variable} is not pinned in .env`);
    const got = await obtain(official);
    if (got === true) {
      summary.push(`${variable}=${official} (official)`);
      binaries.push(official);
      return official;
    }
    const standIn = await offline();
    binaries.push(standIn.carries);
    summary.push(
      `${variable}=${standIn.tag} (offline stand-in: ${standIn.carries}; ${official} cannot be had: ${got})`,
    );
    return standIn.tag;
  };
  for (const [service, variable] of Object.entries(services) as [OfflineService, string][])
    env[variable] = await choose(variable, () => offlineServiceImage(service, log));
  const serviceBinaries = binaries.splice(0).join(", ");
  env.THANOS_IMAGE = await choose("THANOS_IMAGE", () => offlineServiceImage("thanos", log));
  const thanos = binaries.splice(0).join(", ");
  const node = await choose("NODE_IMAGE", () => offlineNodeImage(log));
  const trainwatch = options.trainwatchTag ?? "trainwatch:e2e";
  log(`building ${trainwatch} from ./Dockerfile on ${node}`);
  const build = await execa(
    "docker",
    ["build", "--network", "host", "--build-arg", `NODE_IMAGE=${node}`, "-t", trainwatch, "."],
    { cwd: repoRoot, all: true, reject: false },
  );
  if (build.exitCode !== 0)
    throw new Error(
      `docker build of ${trainwatch} failed:\n${build.all?.split("\n").slice(-30).join("\n")}`,
    );
  env.TRAINWATCH_IMAGE = trainwatch;
  env.TRAINER_IMAGE = trainwatch;
  summary.push(`TRAINWATCH_IMAGE=${trainwatch} (built from ./Dockerfile)`);
  const grafanaImage = pins.GRAFANA_IMAGE ?? "";
  const grafana = await obtain(grafanaImage);
  if (grafana === true) {
    env.GRAFANA_IMAGE = grafanaImage;
    summary.push(`GRAFANA_IMAGE=${grafanaImage} (official)`);
    return { env, grafana: { image: grafanaImage }, summary, binaries: serviceBinaries, thanos };
  }
  const reason = `no Grafana image: ${grafanaImage} is not here and cannot be pulled (${grafana}); Debian packages no Grafana to build one from`;
  summary.push(reason);
  return { env, grafana: { reason }, summary, binaries: serviceBinaries, thanos };
}
