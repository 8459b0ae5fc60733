import { execa } from "execa";

/** What this machine offers for the containers runtime. */
export type DockerProbe =
  | { readonly available: true; readonly engine: string; readonly compose: "v2" | "v1" }
  | { readonly available: false; readonly reason: string };

const firstLine = (text: string | undefined) => (text ?? "").trim().split("\n")[0] ?? "";

/**
 * Asks the docker CLI for a reachable engine and for compose: the v2 plugin (`docker compose`),
 * else the standalone v1 (`docker-compose`). Never throws: an absent engine is a reason.
 */
export async function probeDocker(): Promise<DockerProbe> {
  const info = await execa("docker", ["version", "--format", "{{.Server.Version}}"], {
    reject: false,
    timeout: 15_000,
  });
  if (info.exitCode !== 0)
    return {
      available: false,
      reason: `no Docker engine answers (docker version: ${firstLine(info.stderr || info.message)})`,
    };
  const v2 = await execa("docker", ["compose", "version"], { reject: false, timeout: 15_000 });
  if (v2.exitCode === 0) return { available: true, engine: info.stdout.trim(), compose: "v2" };
  const v1 = await execa("docker-compose", ["version"], { reject: false, timeout: 15_000 });
  if (v1.exitCode === 0) return { available: true, engine: info.stdout.trim(), compose: "v1" };
  return {
    available: false,
    reason: "Docker answers but has no compose: install the compose plugin or docker-compose",
  };
}
