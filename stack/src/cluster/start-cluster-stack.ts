import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import type { ServiceHandle } from "@trainwatch/native-services";
import {
  assertNoClusterIn,
  type ClusterState,
  clusterService,
  removeClusterState,
  writeClusterState,
} from "../run-dir/cluster-state.js";
import { assertNoStackIn } from "../run-dir/stack-state.js";
import { writeSecret } from "../run-dir/write-run-files.js";
import { startViewerProcess } from "../services/start-viewer-process.js";
import type { ClusterContext } from "./cluster-context.js";
import {
  assertCanMakeNamespaces,
  type ClusterNetwork,
  createClusterNetwork,
} from "./cluster-network.js";
import type { ClusterStackOptions } from "./cluster-stack-options.js";
import { startNode } from "./start-node.js";
import { startStore } from "./start-store.js";
import { stopClusterStack } from "./stop-cluster-stack.js";

/** A started distributed stack; `stop()` stops everything and removes its namespaces. */
export interface ClusterHandle extends AsyncDisposable {
  readonly state: ClusterState;
  readonly network: ClusterNetwork;
  readonly trainers: readonly ServiceHandle[];
  stop(): Promise<void>;
}

const token = () => randomBytes(24).toString("hex");

/**
 * Starts the distributed stack on this machine: a store namespace with Thanos (two receivers
 * holding every series twice, a router in front, Query as the one query endpoint, Rule
 * evaluating the project's rule files on the global view), two gossiping Alertmanagers, the
 * Pushgateway, the early-stop receiver and the dashboard viewer; then per node a namespace with a
 * Prometheus agent remote-writing to the router, a GPU collector and that node's trainers.
 * Resolves once every trainer's `up` is queryable through Query (scraped, sent, stored).
 *
 * @throws TrainwatchError("usage") without root or `ip`, or when a stack already runs in `dir`.
 */
export async function startClusterStack(options: ClusterStackOptions): Promise<ClusterHandle> {
  const { dir, logger } = options;
  await assertCanMakeNamespaces();
  assertNoStackIn(dir);
  assertNoClusterIn(dir);
  mkdirSync(dir, { recursive: true });
  const network = await createClusterNetwork(options.nodes);
  const state: ClusterState = {
    kind: "cluster",
    services: {},
    trainers: [],
    network: {
      namespaces: [...network.namespaces],
      store: network.store,
      nodes: network.nodes.map((n) => ({ ...n })),
    },
    alertTiming: options.alertTiming,
    dir,
    startedAt: new Date().toISOString(),
  };
  writeClusterState(state); // `down` can clean up even if the start fails half-way
  const trainerHandles: ServiceHandle[] = [];
  const stop = () => stopClusterStack(state);
  const keep = (name: string, handle: ServiceHandle, netns: string | undefined, match: string) => {
    state.services[name] = clusterService(handle, netns, match);
    writeClusterState(state);
    return handle;
  };
  const secrets = { receiver: token(), control: token() };
  writeSecret(dir, "control-token", secrets.control);
  const context: ClusterContext = { options, network, secrets, state, keep };
  try {
    const { query } = await startStore(context);
    // The viewer runs on this machine's loopback (it asks for credentials anywhere else).
    keep(
      "dashboards",
      await startViewerProcess({
        host: "127.0.0.1",
        prometheusUrl: query.url,
        scrapeInterval: "1s",
        logFile: join(dir, "store", "dashboards.log"),
        detached: options.detached,
      }),
      undefined,
      "dashboards",
    );
    for (const node of network.nodes) trainerHandles.push(...(await startNode(context, node)));
    await waitForTrainersStored(query.url, state.trainers.length);
    logger.info(
      `Dashboards ${state.services.dashboards?.url}, query ${query.url}, ${network.nodes.length} nodes, ${state.trainers.length} trainers`,
    );
    return { state, network, trainers: trainerHandles, stop, [Symbol.asyncDispose]: stop };
  } catch (error) {
    await stop();
    removeClusterState(dir); // nothing of it is left to show or stop
    throw error;
  }
}

/** Waits until every trainer's `up` has travelled agent → router → receivers → Query. */
async function waitForTrainersStored(queryUrl: string, count: number): Promise<void> {
  if (count === 0) return;
  await waitFor(
    async () => {
      const response = await fetch(
        `${queryUrl}/api/v1/query?${new URLSearchParams({ query: 'count(up{job="trainers"})' })}`,
      );
      const body = (await response.json()) as { data?: { result?: { value: [number, string] }[] } };
      return Number(body.data?.result?.[0]?.value[1] ?? 0) >= count;
    },
    {
      what: `every one of the ${count} trainers to be scraped by its node's agent and queryable through Thanos Query`,
      timeoutMs: 60_000,
      intervalMs: 250,
    },
  );
}
