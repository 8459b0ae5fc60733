import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type ServiceHandle,
  startAlertmanager,
  startPushgateway,
  startThanosQuery,
  startThanosReceive,
  startThanosRule,
} from "@trainwatch/native-services";
import { alertTimings, renderAlertmanagerConfig } from "@trainwatch/prometheus-config";
import { writeRuleFiles, writeSecret } from "../run-dir/write-run-files.js";
import { startAlertReceiverProcess } from "../services/start-alert-receiver-process.js";
import { nativeAlertmanagerHeader } from "../services/start-alerting.js";
import { type ClusterContext, local } from "./cluster-context.js";
import { clusterPorts } from "./cluster-ports.js";
import { startAgent } from "./start-agent.js";

/**
 * Starts what runs once, in the store's namespace: the Pushgateway, two Thanos receivers behind a
 * router (replication factor 2), Thanos Query, the early-stop receiver, two gossiping
 * Alertmanagers, Thanos Rule, and an agent that scrapes the Pushgateway. Resolves with Query.
 */
export async function startStore(context: ClusterContext): Promise<{ query: ServiceHandle }> {
  const { options, network, secrets, keep } = context;
  const { dir } = options;
  const fast = options.alertTiming === "fast";
  const store = { ...network.store, host: "0.0.0.0" };
  const inStore = { netns: network.store, host: "0.0.0.0" } as const;
  const storeDir = join(dir, "store");
  mkdirSync(storeDir, { recursive: true });
  keep(
    "pushgateway",
    await startPushgateway({
      dir: storeDir,
      host: store.host,
      port: clusterPorts.pushgateway,
      netns: network.store,
      detached: options.detached,
    }),
    network.store.name,
    "pushgateway",
  );
  for (const [i, ports] of clusterPorts.storage.entries()) {
    const name = `storage-${i}`;
    keep(
      name,
      await startThanosReceive({
        name,
        dir: storeDir,
        ports: { host: store.host, http: ports.http, grpc: ports.grpc },
        remoteWritePort: ports.remoteWrite,
        replicationPort: ports.replication,
        role: { kind: "ingest" },
        netns: network.store,
        detached: options.detached,
      }),
      network.store.name,
      `receive_replica="${name}"`,
    );
  }
  const { router } = clusterPorts;
  keep(
    "router",
    await startThanosReceive({
      name: "router",
      dir: storeDir,
      ports: { host: store.host, http: router.http, grpc: router.grpc },
      remoteWritePort: router.remoteWrite,
      replicationPort: router.replication,
      role: {
        kind: "route",
        ingesters: clusterPorts.storage.map((p) => local(p.grpc)),
        replicationFactor: 2,
      },
      netns: network.store,
      detached: options.detached,
    }),
    network.store.name,
    "receive.hashrings-file",
  );
  const query = keep(
    "query",
    await startThanosQuery({
      name: "query",
      dir: storeDir,
      ports: { host: store.host, ...clusterPorts.query },
      stores: [...clusterPorts.storage.map((p) => local(p.grpc)), local(clusterPorts.rule.grpc)],
      replicaLabels: ["receive_replica", "rule_replica"],
      netns: network.store,
      detached: options.detached,
    }),
    network.store.name,
    "--query.replica-label",
  );
  keep(
    "alertReceiver",
    await startAlertReceiverProcess({
      ...inStore,
      port: clusterPorts.receiver,
      queryUrl: `http://${local(clusterPorts.query.http)}`,
      receiverToken: secrets.receiver,
      controlToken: secrets.control,
      logFile: join(storeDir, "alert-receiver.log"),
      detached: options.detached,
    }),
    network.store.name,
    "alert-receiver",
  );
  const amConfig = join(storeDir, "alertmanager.yml");
  writeFileSync(
    amConfig,
    renderAlertmanagerConfig({
      receiverUrl: `http://${local(clusterPorts.receiver)}/alerts`,
      receiverTokenFile: writeSecret(dir, "receiver-token", secrets.receiver),
      env: process.env,
      header: nativeAlertmanagerHeader,
    }),
  );
  const alertmanagers = clusterPorts.alertmanagers;
  for (const [i, ports] of alertmanagers.entries()) {
    keep(
      `alertmanager-${i}`,
      await startAlertmanager({
        configFile: amConfig,
        dir: join(storeDir, `alertmanager-${i}`),
        host: store.host,
        port: ports.http,
        netns: network.store,
        cluster: {
          listenAddress: local(ports.gossip),
          peers: alertmanagers.filter((p) => p !== ports).map((p) => local(p.gossip)),
        },
        detached: options.detached,
      }),
      network.store.name,
      `:${ports.gossip}`,
    );
  }
  const timing = alertTimings[options.alertTiming];
  keep(
    "rule",
    await startThanosRule({
      name: "rule",
      dir: storeDir,
      ports: { host: store.host, ...clusterPorts.rule },
      ruleFiles: [
        fast ? writeRuleFiles(dir, timing.thresholds) : join(options.configDir, "rules", "*.yml"),
      ],
      queryUrl: `http://${local(clusterPorts.query.http)}`,
      alertmanagerUrls: alertmanagers.map((p) => `http://${local(p.http)}`),
      evalInterval: timing.thresholds.evaluationInterval,
      // Firing alerts are re-sent this often: an Alertmanager back from an outage hears of
      // them within seconds, as fast timing promises.
      resendDelay: timing.resendDelay,
      netns: network.store,
      detached: options.detached,
    }),
    network.store.name,
    "--rule-file=",
  );
  await startAgent(context, {
    name: "agent-store",
    where: network.store,
    dir: join(storeDir, "agent"),
    host: store.host,
    port: clusterPorts.storeAgent,
    services: { pushgateway: local(clusterPorts.pushgateway), "gpu-collector": null },
    remoteWrite: local(router.remoteWrite),
    labels: { node: "store" },
  });
  return { query };
}
