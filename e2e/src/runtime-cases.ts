import {
  type Runtime,
  type ScenarioOptions,
  startContainerStack,
  startNativeStack,
  type TrainwatchStack,
} from "@trainwatch/harness";
import { inject } from "vitest";
import "./containers-context.js";

/** One runtime as the scenarios see it: how to start a stack there, or why it is skipped. */
export interface RuntimeCase {
  readonly runtime: Runtime;
  /** Why this runtime's tests are skipped here, if they are. */
  readonly skip: string | undefined;
  /** Why Grafana's checks are skipped on this runtime, if they are. */
  readonly grafanaSkip: string | undefined;
  /** What its Prometheus, Alertmanager and Pushgateway are, e.g. "Prometheus 3.13.5 (upstream build), …". */
  readonly binaries: string;
  start(options: ScenarioOptions): Promise<TrainwatchStack>;
}

/** The runtimes every scenario runs on (for `describe.each`), with what the global set-up found. */
export function runtimeCases(): readonly RuntimeCase[] {
  const containers = inject("containers");
  return [
    {
      runtime: "native",
      skip: inject("nativeSkip"),
      grafanaSkip: "the native stack runs no Grafana (none can be installed here)",
      binaries: inject("nativeBinaries"),
      start: (options) => startNativeStack(options),
    },
    {
      runtime: "containers",
      skip: containers.skip,
      grafanaSkip: containers.skip ?? containers.grafanaSkip,
      binaries: containers.skip === undefined ? containers.binaries : "not run",
      start: (options) => {
        if (containers.skip !== undefined) throw new Error(containers.skip);
        return startContainerStack({
          ...options,
          images: containers.images,
          compose: containers.compose,
        });
      },
    },
  ];
}

/**
 * The native runtime on the system's binaries (`TRAINWATCH_SYSTEM_BINARIES=1`: Debian's
 * Prometheus 2.42, the oldest release trainwatch supports), for a smoke run beside the pinned ones.
 */
export function floorCase(): RuntimeCase {
  const floor = inject("floor");
  return {
    runtime: "native",
    skip: inject("nativeSkip") ?? ("skip" in floor ? floor.skip : undefined),
    grafanaSkip: "the native stack runs no Grafana (none can be installed here)",
    binaries: "binaries" in floor ? floor.binaries : "",
    start: (options) => startNativeStack({ ...options, env: { TRAINWATCH_SYSTEM_BINARIES: "1" } }),
  };
}
