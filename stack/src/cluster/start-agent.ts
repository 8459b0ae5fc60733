import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Netns, startPrometheus } from "@trainwatch/native-services";
import { writeFileSdTargets } from "../run-dir/write-file-sd-targets.js";
import type { ClusterContext } from "./cluster-context.js";
import { renderAgentConfig } from "./render-agent-config.js";

export interface AgentOptions {
  /** Its name in the state: `agent-node-1`, `agent-store`. */
  readonly name: string;
  readonly where: Netns;
  readonly dir: string;
  readonly host: string;
  readonly port: number;
  /** prometheus.yml's service names → addresses here (null: not on this node). */
  readonly services: Readonly<Record<string, string | null>>;
  /** `host:port` of the store's remote-write endpoint, as this namespace reaches it. */
  readonly remoteWrite: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Starts a Prometheus agent: prometheus.yml rendered for this namespace (`renderAgentConfig`),
 * its trainers discovered from `<dir>/targets` (empty at first). Resolves with that folder.
 */
export async function startAgent(context: ClusterContext, agent: AgentOptions): Promise<string> {
  const { options } = context;
  const targetsDir = join(agent.dir, "targets");
  mkdirSync(targetsDir, { recursive: true });
  writeFileSdTargets(targetsDir, "trainers", []);
  const configFile = join(agent.dir, "prometheus-agent.yml");
  writeFileSync(
    configFile,
    renderAgentConfig(readFileSync(join(options.configDir, "prometheus.yml"), "utf8"), {
      services: { ...agent.services, prometheus: `${agent.where.address}:${agent.port}` },
      targetsDir,
      remoteWriteUrl: `http://${agent.remoteWrite}/api/v1/receive`,
      externalLabels: agent.labels,
    }),
  );
  context.keep(
    agent.name,
    await startPrometheus({
      configFile,
      dir: agent.dir,
      host: agent.host,
      port: agent.port,
      agent: true,
      netns: agent.where,
      detached: options.detached,
    }),
    agent.where.name,
    "--agent",
  );
  return targetsDir;
}
