import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { repoRoot } from "./compose-project.js";

/** An official image's offline stand-in, built from Debian's package of the same program. */
export type OfflineService = "prometheus" | "alertmanager" | "pushgateway";

const debianPackages: Readonly<Record<OfflineService, { package: string; dataDir: string }>> = {
  prometheus: { package: "prometheus", dataDir: "/prometheus" },
  alertmanager: { package: "prometheus-alertmanager", dataDir: "/alertmanager" },
  pushgateway: { package: "prometheus-pushgateway", dataDir: "/pushgateway" },
};

const offlineDir = join(repoRoot, "docker", "offline");
const suite = "bookworm";
const emptyContext = () => mkdtempSync(join(tmpdir(), "trainwatch-context-"));

/** Progress lines ("building …"), for a suite to print. */
export type Log = (line: string) => void;

/** A tag that changes whenever the recipe does: a content-addressed cache of built images. */
function tagFor(name: string, ...recipe: readonly string[]): string {
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

/** The stand-in for prom/<service>: Debian's package behind the official image's interface. */
export async function offlineServiceImage(service: OfflineService, log: Log): Promise<string> {
  const base = await offlineBaseImage(log);
  const dockerfile = join(offlineDir, "debian-service.Dockerfile");
  const { package: pkg, dataDir } = debianPackages[service];
  const tag = tagFor(service, base, readFileSync(dockerfile, "utf8"), pkg, dataDir);
  if (await imageExists(tag)) return tag;
  log(`building ${tag} from Debian's ${pkg}`);
  const context = emptyContext();
  try {
    await run("docker", [
      "build",
      "--network",
      "host",
      "-f",
      dockerfile,
      ...["--build-arg", `BASE_IMAGE=${base}`, "--build-arg", `PACKAGE=${pkg}`],
      ...["--build-arg", `BINARY=${pkg}`, "--build-arg", `NAME=${service}`],
      ...["--build-arg", `DATA_DIR=${dataDir}`, "-t", tag, context],
    ]);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  return tag;
}

/** The stand-in for the official node image: this machine's Node and npm on Debian. */
export async function offlineNodeImage(log: Log): Promise<string> {
  const base = await offlineBaseImage(log);
  const dockerfile = join(offlineDir, "node.Dockerfile");
  const npmDir = join((await execa("npm", ["root", "-g"])).stdout.trim(), "npm");
  const caBundle = "/etc/ssl/certs/ca-certificates.crt";
  const ca = existsSync(caBundle) ? readFileSync(caBundle, "utf8") : "";
  const npmVersion = JSON.parse(readFileSync(join(npmDir, "package.json"), "utf8")).version;
  const recipe = [base, readFileSync(dockerfile, "utf8"), process.version, npmVersion, ca];
  const tag = tagFor("node", ...recipe);
  if (await imageExists(tag)) return tag;
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
  return tag;
}
