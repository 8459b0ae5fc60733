import { inject } from "vitest";
import { startContainerStack } from "./containers/start-container-stack.js";
import { startNativeStack } from "./start-native-stack.js";
import type { Runtime, StackOptions, TrainwatchStack } from "./trainwatch-stack.js";
import "./containers/containers-context.js";

/** One runtime as the scenarios see it: how to start a stack there, or why it is skipped. */
export interface RuntimeCase {
  readonly runtime: Runtime;
  /** Why this runtime's tests are skipped here, if they are. */
  readonly skip: string | undefined;
  /** Why Grafana's checks are skipped on this runtime, if they are. */
  readonly grafanaSkip: string | undefined;
  start(options: StackOptions): Promise<TrainwatchStack>;
}

/** The runtimes every scenario runs on (for `describe.each`), with what the global set-up found. */
export function runtimeCases(): readonly RuntimeCase[] {
  const containers = inject("containers");
  return [
    {
      runtime: "native",
      skip: inject("nativeSkip"),
      grafanaSkip: "the native stack runs no Grafana (none can be installed here)",
      start: (options) => startNativeStack(options),
    },
    {
      runtime: "containers",
      skip: containers.skip,
      grafanaSkip: containers.skip ?? containers.grafanaSkip,
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
