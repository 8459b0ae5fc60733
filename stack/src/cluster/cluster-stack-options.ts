import type { StackOptions } from "../local/stack-options.js";

/** What starts the distributed stack (`trainwatch up --nodes N`). */
export interface ClusterStackOptions
  extends Pick<
    StackOptions,
    | "dir"
    | "configDir"
    | "trainers"
    | "gpu"
    | "costConfig"
    | "alertTiming"
    | "trainerArgs"
    | "detached"
    | "echo"
    | "logger"
  > {
  /** Training nodes, each in its own network namespace; the trainers are spread over them. */
  readonly nodes: number;
}
