import { describeServiceVersions, probeDocker, resolveImageSet } from "@trainwatch/harness";
import type { TestProject } from "vitest/node";
import type { ContainersContext } from "./containers-context.js";

const say = (line: string) => console.log(`[e2e containers] ${line}`);

/** TRAINWATCH_E2E_RUNTIMES, checked: which runtimes to run (default both). */
function selectedRuntimes(value = "native,containers"): string[] {
  const runtimes = value.split(",").map((r) => r.trim());
  if (runtimes.some((r) => r !== "native" && r !== "containers"))
    throw new Error(
      `TRAINWATCH_E2E_RUNTIMES: expected native, containers or native,containers (got ${JSON.stringify(value)})`,
    );
  return runtimes;
}

async function containersContext(runtimes: readonly string[]): Promise<ContainersContext> {
  if (!runtimes.includes("containers"))
    return {
      skip: `TRAINWATCH_E2E_RUNTIMES=${runtimes.join(",")} leaves the containers runtime out`,
    };
  const docker = await probeDocker();
  if (!docker.available) return { skip: docker.reason };
  say(`Docker ${docker.engine}, compose ${docker.compose}`);
  const started = performance.now();
  const images = await resolveImageSet({ log: say });
  say(`image set ready in ${((performance.now() - started) / 1000).toFixed(0)} s:`);
  for (const line of images.summary) say(`  ${line}`);
  return {
    skip: undefined,
    compose: docker.compose,
    images: images.env,
    grafanaSkip: "reason" in images.grafana ? images.grafana.reason : undefined,
    binaries: images.binaries,
    thanos: images.thanos,
  };
}

/** Vitest global set-up: finds Docker and builds (or reuses) the image set once per run. */
export default async function setup(project: TestProject): Promise<void> {
  const runtimes = selectedRuntimes(process.env.TRAINWATCH_E2E_RUNTIMES);
  const context = await containersContext(runtimes);
  if (context.skip) say(`SKIPPED, every containers test: ${context.skip}`);
  project.provide("containers", context);
  const native = await describeServiceVersions(process.env);
  const system = await describeServiceVersions({ ...process.env, TRAINWATCH_SYSTEM_BINARIES: "1" });
  say(`native runtime runs ${native}`);
  project.provide("nativeBinaries", native);
  project.provide(
    "floor",
    system === native
      ? { skip: `the system's binaries are the ones the native runtime runs (${native})` }
      : { binaries: system },
  );
  project.provide(
    "nativeSkip",
    runtimes.includes("native")
      ? undefined
      : `TRAINWATCH_E2E_RUNTIMES=${runtimes.join(",")} leaves the native runtime out`,
  );
}
