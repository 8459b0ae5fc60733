import type { Logger } from "@trainwatch/cli-kit";
import {
  alertmanagerBinary,
  amtoolBinary,
  type BinaryInfo,
  type BinarySpec,
  defaultCacheRoot,
  describeBinary,
  ensureUpstreamBinaries,
  findUpstreamNeeds,
  locateBinary,
  prometheusBinary,
  promtoolBinary,
  pushgatewayBinary,
  thanosBinary,
  type UpstreamComponent,
} from "@trainwatch/native-services";
import { startBackgroundBuild } from "./background-build.js";

/** Every upstream binary the stack and its checks run (Thanos: `up --nodes N` only). */
export const serviceBinarySpecs = [
  prometheusBinary,
  promtoolBinary,
  alertmanagerBinary,
  amtoolBinary,
  pushgatewayBinary,
  thanosBinary,
] as const;

/** The components a stack runs: one machine never runs Thanos. */
export const stackComponents = {
  single: ["prometheus", "alertmanager", "pushgateway"],
  cluster: ["prometheus", "alertmanager", "pushgateway", "thanos"],
} as const satisfies Record<string, readonly UpstreamComponent[]>;

/** One of them as this machine would run it now, or why it cannot. */
export type ServiceBinary =
  | ({ readonly tool: string } & BinaryInfo)
  | { readonly tool: string; readonly missing: string };

/** Which binary of each program (of `components`, default all) would run, with its version. */
export async function readServiceBinaries(
  components?: readonly UpstreamComponent[],
): Promise<readonly ServiceBinary[]> {
  const specs = serviceBinarySpecs.filter((s) => !components || components.includes(s.component));
  return Promise.all(
    specs.map(async (spec) => {
      try {
        return { tool: spec.tool, ...(await describeBinary(spec)) };
      } catch (error) {
        return { tool: spec.tool, missing: (error as Error).message };
      }
    }),
  );
}

export interface PrepareOptions {
  /** Default: every component. */
  readonly components?: readonly UpstreamComponent[];
  /**
   * Where the system has a binary of every missing component, run those now and build the
   * pinned releases in the background for the next start (instead of waiting for the build).
   */
  readonly background?: boolean;
}

/** The server binary of a component (what a stack starts), as opposed to its tools. */
const serverBinary = (component: UpstreamComponent): BinarySpec =>
  serviceBinarySpecs.find((s) => s.component === component && s.tool === component) as BinarySpec;

function onSystem(component: UpstreamComponent): boolean {
  try {
    return locateBinary(serverBinary(component), { pins: null }).origin === "path";
  } catch {
    return false; // not installed: it must be built before it can run
  }
}

/**
 * Builds the pinned releases that are missing (saying first how long that takes), or says why
 * the system's binaries run instead. With `background`, where the system has every missing one,
 * it starts the build in the background and returns a line saying which run now and which next
 * time; otherwise undefined.
 */
export async function prepareServiceBinaries(
  logger: Logger,
  options: PrepareOptions = {},
): Promise<string | undefined> {
  const needs = findUpstreamNeeds({ components: options.components });
  if ("skipped" in needs) {
    logger.info(needs.skipped);
    return undefined;
  }
  if (needs.missing.length === 0) return undefined;
  const components = needs.missing.map((s) => s.component);
  if (options.background && components.every(onSystem)) {
    const build = startBackgroundBuild(components, defaultCacheRoot());
    return `the system's binaries run now; the pinned ${needs.names} ${build.joined ? "are still building" : "are building"} in the background at the lowest priority, on what CPU the stack leaves (with empty Go caches about ${Math.ceil(needs.minutes)} minutes on 2 idle cores, about twice that beside the demo; log ${build.logFile}), and run from the next start on`;
  }
  const result = await ensureUpstreamBinaries({
    components: options.components,
    log: (line) => logger.info(line),
  });
  if ("skipped" in result) logger.info(result.skipped);
  return undefined;
}
