import { isAlive, type ServiceHandle } from "@trainwatch/native-services";
import { alertTimingNames } from "@trainwatch/prometheus-config";
import { z } from "zod";
import { binaryInfoSchema, stateFile } from "./state-file.js";

const serviceSchema = z.object({
  url: z.url(),
  pid: z.number().int().positive(),
  /** The namespace it runs in (none: this machine's). */
  netns: z.string().optional(),
  /** A part of its command line, so `down` never signals a process that reused its pid. */
  match: z.string(),
  binary: binaryInfoSchema.optional(),
});

const netnsSchema = z.object({ name: z.string(), address: z.string() });

const clusterStateSchema = z.object({
  kind: z.literal("cluster"),
  /** Every service, in the order it started: the store's first, then each node's. */
  services: z.record(z.string(), serviceSchema),
  trainers: z.array(
    serviceSchema.extend({
      job: z.string(),
      task: z.string(),
      node: z.string(),
      learningRate: z.number(),
      logFile: z.string(),
    }),
  ),
  network: z.object({
    namespaces: z.array(z.string()),
    store: netnsSchema,
    nodes: z.array(
      netnsSchema.extend({ node: z.string(), storeAddress: z.string(), storeLink: z.string() }),
    ),
  }),
  alertTiming: z.enum(alertTimingNames),
  dir: z.string(),
  startedAt: z.string(),
});

/** What a distributed stack writes to `<dir>/cluster.json`, for `status` and `down`. */
export type ClusterState = z.infer<typeof clusterStateSchema>;
export type ClusterService = z.infer<typeof serviceSchema>;

const file = stateFile("cluster.json", clusterStateSchema, "a trainwatch cluster state file", {
  isRunning: (state) => Object.values(state.services).some((s) => isAlive(s.pid)),
  refusal: (dir, state) =>
    `a distributed stack already runs in ${dir} (query at ${state.services.query?.url}): stop it with \`trainwatch down\`, or use another --dir`,
});

export const writeClusterState = (state: ClusterState): void => file.write(state.dir, state);

/** The state of the stack in `dir`, or undefined when none was started there. */
export const readClusterState = (dir: string): ClusterState | undefined => file.read(dir);

export const removeClusterState = (dir: string): void => file.remove(dir);

/**
 * @throws TrainwatchError("usage") when a distributed stack still runs in `dir` (a stack of
 *   either kind needs a run directory of its own).
 */
export const assertNoClusterIn = (dir: string): void => file.assertNotRunning(dir);

/** A started service as the state records it. */
export function clusterService(
  handle: ServiceHandle,
  netns: string | undefined,
  match: string,
): ClusterService {
  return {
    url: handle.url,
    pid: handle.pid,
    ...(netns && { netns }),
    match,
    ...(handle.binary && { binary: handle.binary }),
  };
}
