import type { ServiceHandle } from "@trainwatch/native-services";
import type { ClusterState } from "../run-dir/cluster-state.js";
import type { ClusterNetwork } from "./cluster-network.js";
import type { ClusterStackOptions } from "./cluster-stack-options.js";

/** What every part of a starting distributed stack shares. */
export interface ClusterContext {
  readonly options: ClusterStackOptions;
  readonly network: ClusterNetwork;
  readonly secrets: { readonly receiver: string; readonly control: string };
  /** The state being built: written on every change, so `down` finds a half-started stack. */
  readonly state: ClusterState;
  /**
   * Records a started service under `name` (in `netns`, none: this machine's; `match`: a part
   * of its command line) and returns it.
   */
  keep(
    name: string,
    handle: ServiceHandle,
    netns: string | undefined,
    match: string,
  ): ServiceHandle;
}

/** The loopback address of a port inside the namespace (services there reach each other so). */
export const local = (port: number) => `127.0.0.1:${port}`;
