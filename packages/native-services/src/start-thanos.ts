import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeBinary } from "./describe-binary.js";
import { thanosBinary } from "./find-binary.js";
import type { Netns } from "./resolve-address.js";
import type { ServiceHandle } from "./service-handle.js";
import { type ManagedService, startManagedService } from "./start-managed-service.js";

/** Where one Thanos component listens: `host` with an HTTP and a gRPC port. */
export interface ThanosPorts {
  readonly host?: string;
  readonly http: number;
  readonly grpc: number;
}

interface ThanosOptions {
  /** The component's name in logs and state, e.g. `storage-0`. */
  readonly name: string;
  /** Folder for its data and its log (`<name>.log`). */
  readonly dir: string;
  readonly ports: ThanosPorts;
  readonly netns?: Netns;
  readonly detached?: boolean;
}

export interface ThanosReceiveOptions extends ThanosOptions {
  /** Port of the remote-write endpoint (`/api/v1/receive`). */
  readonly remoteWritePort: number;
  /** Port of the Cap'n Proto replication endpoint (one per process, like the others). */
  readonly replicationPort: number;
  /**
   * Ingest: keep a TSDB, labelled `receive_replica=<name>` (query deduplicates on it). Route:
   * spread each series over these ingesters' gRPC addresses, `replicationFactor` copies each.
   */
  readonly role:
    | { readonly kind: "ingest" }
    | {
        readonly kind: "route";
        readonly ingesters: readonly string[];
        readonly replicationFactor: number;
      };
}

export interface ThanosQueryOptions extends ThanosOptions {
  /** gRPC addresses of the stores it fans out to (ingesters, rule). */
  readonly stores: readonly string[];
  /** Labels that only tell replicas apart: series differing in them alone are merged. */
  readonly replicaLabels: readonly string[];
}

export interface ThanosRuleOptions extends ThanosOptions {
  /** Rule files (globs allowed), Prometheus' format. */
  readonly ruleFiles: readonly string[];
  /** The query API rules are evaluated against (the global view). */
  readonly queryUrl: string;
  readonly alertmanagerUrls: readonly string[];
  /** E.g. "5s" (Prometheus' evaluation_interval). */
  readonly evalInterval: string;
  /** How often a firing alert is sent again (default 1m). */
  readonly resendDelay?: string;
}

function startThanos(
  command: string,
  options: ThanosOptions,
  args: readonly string[],
): Promise<ServiceHandle> {
  const { host = "127.0.0.1" } = options.ports;
  const service: ManagedService = {
    name: options.name,
    portFlag: `--${options.name}-port`,
    readyPath: "/-/ready",
    logFile: join(options.dir, `${options.name}.log`),
    command: async ({ port }) => {
      mkdirSync(options.dir, { recursive: true });
      const binary = await describeBinary(thanosBinary);
      return {
        binary: binary.path,
        binaryInfo: binary,
        args: [
          command,
          `--http-address=${host}:${port}`,
          `--grpc-address=${host}:${options.ports.grpc}`,
          "--log.level=warn",
          ...args,
        ],
      };
    },
  };
  return startManagedService(service, {
    host,
    port: options.ports.http,
    netns: options.netns,
    detached: options.detached,
  });
}

/**
 * Starts a Thanos receiver: an ingester (a replica of the store, remote-written to by a router)
 * or a router (the remote-write endpoint agents send to, which writes each series to
 * `replicationFactor` ingesters; with 2, a write succeeds while one ingester is down).
 */
export async function startThanosReceive(options: ThanosReceiveOptions): Promise<ServiceHandle> {
  const { host = "127.0.0.1" } = options.ports;
  const { role } = options;
  let roleArgs: string[];
  if (role.kind === "route") {
    const hashrings = join(options.dir, `${options.name}-hashrings.json`);
    mkdirSync(options.dir, { recursive: true });
    writeFileSync(
      hashrings,
      `${JSON.stringify([{ hashring: "default", endpoints: role.ingesters.map((address) => ({ address })) }], null, 2)}\n`,
    );
    roleArgs = [
      `--receive.hashrings-file=${hashrings}`,
      `--receive.replication-factor=${role.replicationFactor}`,
      `--label=receive_router="${options.name}"`,
    ];
  } else {
    roleArgs = [`--label=receive_replica="${options.name}"`];
  }
  return startThanos("receive", options, [
    `--tsdb.path=${join(options.dir, `${options.name}-data`)}`,
    `--remote-write.address=${host}:${options.remoteWritePort}`,
    `--receive.capnproto-address=${host}:${options.replicationPort}`,
    ...roleArgs,
  ]);
}

/**
 * Starts Thanos Query: the Prometheus HTTP API over every store, with replicas merged sample by
 * sample (`chain`: receivers hold identical copies, so nothing is dropped or doubled).
 */
export async function startThanosQuery(options: ThanosQueryOptions): Promise<ServiceHandle> {
  return startThanos("query", options, [
    ...options.stores.map((store) => `--endpoint=${store}`),
    ...options.replicaLabels.map((label) => `--query.replica-label=${label}`),
    "--deduplication.func=chain",
  ]);
}

/**
 * Starts Thanos Rule: Prometheus' rule files evaluated against the query API, alerts sent to every
 * Alertmanager (a gossiping cluster notifies once); recorded series are served to Query over gRPC.
 */
export async function startThanosRule(options: ThanosRuleOptions): Promise<ServiceHandle> {
  return startThanos("rule", options, [
    `--data-dir=${join(options.dir, `${options.name}-data`)}`,
    ...options.ruleFiles.map((file) => `--rule-file=${file}`),
    `--query=${options.queryUrl}`,
    ...options.alertmanagerUrls.map((url) => `--alertmanagers.url=${url}`),
    `--eval-interval=${options.evalInterval}`,
    `--resend-delay=${options.resendDelay ?? "1m"}`,
    `--label=rule_replica="${options.name}"`,
    // Alerts are about training runs, not about which ruler saw them.
    "--alert.label-drop=rule_replica",
  ]);
}
