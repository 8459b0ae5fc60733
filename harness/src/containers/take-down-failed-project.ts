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
  const parts = await Promise.all(unwell.map(([name, status]) => describeContainer(name, status)));
  return parts.join("\n");
}

/** One container's status, last health-check output and last log lines, on one line. */
export async function describeContainer(nameOrId: string, status?: string): Promise<string> {
  const [name, shownStatus, health] = (
    await docker(
      "inspect",
      "--format",
      "{{.Name}}\t{{.State.Status}}\t{{json .State.Health}}",
      nameOrId,
    )
  ).split("\t");
  const checks = JSON.parse(health || "null") as {
    Status?: string;
    FailingStreak?: number;
    Log?: { Output: string }[];
  } | null;
  const lastCheck = checks?.Log?.at(-1)?.Output.trim();
  const shown =
    status ??
    `${shownStatus} (health: ${checks?.Status ?? "none"}, ${checks?.FailingStreak ?? 0} failed checks in a row)`;
  const log = (
    await execa("docker", ["logs", "--tail", "5", nameOrId], { reject: false, all: true })
  ).all;
  return `${name?.replace(/^\//, "") || nameOrId}: ${shown}; last health check: ${lastCheck || "none"}; last log lines: ${log?.trim().replaceAll("\n", " | ") || "none"}`;
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
