import { execa } from "execa";
import { repoRoot } from "./compose-project.js";

export interface FailedProject {
  readonly projectName: string;
  /** The compose files, relative to the repository or absolute. */
  readonly files: readonly string[];
  readonly profiles: readonly string[];
  /** The variables the project was started with (its compose file requires some). */
  readonly environment: Readonly<Record<string, string>>;
  readonly compose: "v1" | "v2";
}

const docker = async (...args: string[]) =>
  (await execa("docker", args, { reject: false })).stdout.trim();

/**
 * What went wrong in a project that did not come up: each container that is not healthy and
 * running, with its last health-check output and log lines. Empty when all look well.
 */
export async function describeUnwellContainers(projectName: string): Promise<string> {
  const rows = await docker(
    ...["ps", "-a", "--filter", `label=com.docker.compose.project=${projectName}`],
    ...["--format", "{{.Names}}\t{{.Status}}"],
  );
  const unwell = rows
    .split("\n")
    .filter(Boolean)
    .map((row) => row.split("\t") as [string, string])
    .filter(([, status]) => /unhealthy|Exited \([1-9]|Restarting|health: starting/.test(status));
  const parts = await Promise.all(
    unwell.map(async ([name, status]) => {
      const health = JSON.parse(
        (await docker("inspect", "--format", "{{json .State.Health}}", name)) || "null",
      ) as {
        Log?: { Output: string }[];
      } | null;
      const lastCheck = health?.Log?.at(-1)?.Output.trim();
      const log = (
        await execa("docker", ["logs", "--tail", "5", name], { reject: false, all: true })
      ).all;
      return `${name}: ${status}; last health check: ${lastCheck || "none"}; last log lines: ${log?.trim().replaceAll("\n", " | ") || "none"}`;
    }),
  );
  return parts.join("\n");
}

/**
 * Takes down a project whose start failed, every profile's services and its volumes included.
 * testcontainers takes a project down after a failed wait without the profiles (so their
 * services keep running) and not at all when `compose up` itself fails: left running, a failed
 * stack loads the machine for every test after it.
 */
export async function takeDownFailedProject(project: FailedProject): Promise<void> {
  const [command, ...first] = project.compose === "v1" ? ["docker-compose"] : ["docker", "compose"];
  await execa(
    command as string,
    [
      ...first,
      ...["--project-name", project.projectName],
      ...project.files.flatMap((file) => ["--file", file]),
      ...project.profiles.flatMap((profile) => ["--profile", profile]),
      ...["down", "--volumes", "--timeout", "0"],
    ],
    { cwd: repoRoot, env: { ...project.environment }, reject: false },
  );
}
