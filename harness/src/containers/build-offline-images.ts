import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  defaultCacheRoot,
  hasUpstreamBuild,
  readUpstreamPins,
  upstreamBinDir,
  upstreamComponents,
} from "@trainwatch/native-services";
import { execa } from "execa";
import { repoRoot } from "./compose-project.js";

/** A program whose official image has an offline stand-in: the Prometheus project's, and Thanos. */
export type OfflineService = "prometheus" | "alertmanager" | "pushgateway" | "thanos";

/** Each one's data folder (owned by its user), and the Debian package that can stand in for it. */
const offlineServices: Readonly<Record<OfflineService, { package?: string; dataDir: string }>> = {
  prometheus: { package: "prometheus", dataDir: "/prometheus" },
  alertmanager: { package: "prometheus-alertmanager", dataDir: "/alertmanager" },
  pushgateway: { package: "prometheus-pushgateway", dataDir: "/pushgateway" },
  thanos: { dataDir: "/data" }, // Debian packages no Thanos
};

const offlineDir = join(repoRoot, "docker", "offline");
const suite = "bookworm";
const emptyContext = () => mkdtempSync(join(tmpdir(), "trainwatch-context-"));

/** Progress lines ("building …"), for a suite to print. */
export type Log = (line: string) => void;

/** A tag that changes whenever the recipe does: a content-addressed cache of built images. */
export function tagFor(name: string, ...recipe: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of recipe) hash.update(part).update("\0");
  return `trainwatch-offline/${name}:${hash.digest("hex").slice(0, 12)}`;
}

/** Whether the engine has this image locally. */
export async function imageExists(tag: string): Promise<boolean> {
  return (await execa("docker", ["image", "inspect", tag], { reject: false })).exitCode === 0;
}

async function run(command: string, args: readonly string[]) {
  const result = await execa(command, args, { all: true, reject: false });
  if (result.exitCode !== 0)
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.exitCode}:\n${(result.all ?? "").split("\n").slice(-25).join("\n")}`,
    );
}

/** `docker build` on the host's network (apt reaches Debian's mirror), with build arguments. */
export async function dockerBuild(
  dockerfile: string,
  args: Readonly<Record<string, string>>,
  tag: string,
  context: string,
): Promise<void> {
  const buildArgs = Object.entries(args).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]);
  await run("docker", [
    "build",
    "--network",
    "host",
    "-f",
    dockerfile,
    ...buildArgs,
    "-t",
    tag,
    context,
  ]);
}

/** Debian bookworm (minbase) from debootstrap, imported as an image. Needs root. */
export async function offlineBaseImage(log: Log): Promise<string> {
  const tag = tagFor("debian", suite, "minbase");
  if (await imageExists(tag)) return tag;
  if (process.getuid?.() !== 0)
    throw new Error(`building ${tag} needs root (debootstrap); run the suite as root`);
  log(`building ${tag} with debootstrap (about a minute)`);
  const rootfs = mkdtempSync(join(tmpdir(), "trainwatch-rootfs-"));
  try {
    await run("debootstrap", ["--variant=minbase", suite, rootfs]);
    await run("sh", ["-c", 'tar -C "$0" -c . | docker import - "$1"', rootfs, tag]);
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
  return tag;
}

/** An offline stand-in image and what it carries, for the suite's summary. */
export interface OfflineImage {
  readonly tag: string;
  /** E.g. "Prometheus 3.13.5 built from its Go module". */
  readonly carries: string;
}

/**
 * The stand-in for prom/<service> (or Thanos' image): the pinned release's binaries built from its
 * Go module (`trainwatch binaries --build`), so the containers runtime runs what compose pins;
 * without that build, Debian's package behind the same interface, and the summary says so (for
 * Thanos, which Debian lacks, an error saying to build it).
 */
export async function offlineServiceImage(
  service: OfflineService,
  log: Log,
): Promise<OfflineImage> {
  const base = await offlineBaseImage(log);
  const { dataDir, package: pkg } = offlineServices[service];
  const spec = upstreamComponents[service];
  const version = readUpstreamPins()[service];
  const cacheRoot = defaultCacheRoot();
  const binDir = upstreamBinDir(service, version, cacheRoot);
  if (!hasUpstreamBuild(spec, version, cacheRoot)) {
    const why = `${spec.title} ${version} is not built here`;
    if (!pkg)
      throw new Error(
        `${why} and Debian has no package of it: run \`trainwatch binaries --build\` (Go) for its offline image`,
      );
    return debianServiceImage(service, pkg, dataDir, base, log, why);
  }
  const dockerfile = join(offlineDir, "upstream-service.Dockerfile");
  const stamps = spec.tools.map((tool) => {
    const { size, mtimeMs } = statSync(join(binDir, tool));
    return `${tool}:${size}:${mtimeMs}`;
  });
  const tag = tagFor(service, base, readFileSync(dockerfile, "utf8"), version, dataDir, ...stamps);
  const carries = `${spec.title} ${version} built from its Go module`;
  if (await imageExists(tag)) return { tag, carries };
  log(`building ${tag}: ${carries}`);
  await dockerBuild(
    dockerfile,
    { BASE_IMAGE: base, DATA_DIR: dataDir, NAME: service },
    tag,
    binDir,
  );
  return { tag, carries };
}

/** The stand-in from Debian's package of the program (an older release than .env pins). */
async function debianServiceImage(
  service: OfflineService,
  pkg: string,
  dataDir: string,
  base: string,
  log: Log,
  why: string,
): Promise<OfflineImage> {
  const dockerfile = join(offlineDir, "debian-service.Dockerfile");
  const tag = tagFor(service, base, readFileSync(dockerfile, "utf8"), pkg, dataDir);
  const carries = `Debian's ${pkg} package (${why}: run \`trainwatch binaries --build\`)`;
  if (await imageExists(tag)) return { tag, carries };
  log(`building ${tag} from Debian's ${pkg}`);
  const context = emptyContext();
  try {
    const args = { BASE_IMAGE: base, PACKAGE: pkg, BINARY: pkg, NAME: service, DATA_DIR: dataDir };
    await dockerBuild(dockerfile, args, tag, context);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return { tag, carries };
}

/** The stand-in for the official node image: this machine's Node and npm on Debian. */
export async function offlineNodeImage(log: Log): Promise<OfflineImage> {
  const base = await offlineBaseImage(log);
  const dockerfile = join(offlineDir, "node.Dockerfile");
  const npmDir = join((await execa("npm", ["root", "-g"])).stdout.trim(), "npm");
  const caBundle = "/etc/ssl/certs/ca-certificates.crt";
  const ca = existsSync(caBundle) ? readFileSync(caBundle, "utf8") : "";
  const npmVersion = JSON.parse(readFileSync(join(npmDir, "package.json"), "utf8")).version;
  const recipe = [base, readFileSync(dockerfile, "utf8"), process.version, npmVersion, ca];
  const tag = tagFor("node", ...recipe);
  const carries = `this machine's Node ${process.version} and npm ${npmVersion}`;
  if (await imageExists(tag)) return { tag, carries };
  log(`building ${tag} from this machine's Node ${process.version} and npm ${npmVersion}`);
  const context = emptyContext();
  try {
    cpSync(process.execPath, join(context, "node"));
    cpSync(npmDir, join(context, "npm"), { recursive: true });
    writeFileSync(join(context, "ca-certificates.crt"), ca);
    await run("docker", [
      "build",
      "-f",
      dockerfile,
      "--build-arg",
      `BASE_IMAGE=${base}`,
      "-t",
      tag,
      context,
    ]);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return { tag, carries };
}
