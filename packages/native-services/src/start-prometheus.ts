import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describeBinary } from "./describe-binary.js";
import { prometheusBinary } from "./find-binary.js";
import { type Netns, resolveAddress } from "./resolve-address.js";
import type { ServiceHandle } from "./service-handle.js";
import { startService } from "./start-service.js";

export interface PrometheusOptions {
  /** The rendered prometheus.yml. */
  readonly configFile: string;
  /** Folder for the TSDB and the log. */
  readonly dir: string;
  readonly host?: string;
  /** Default: a free port. */
  readonly port?: number;
  readonly detached?: boolean;
  /** Run it in this network namespace, on the port given. */
  readonly netns?: Netns;
  /** Agent mode: scrape and remote-write only (no TSDB, rules or alerts). */
  readonly agent?: boolean;
  /** Further flags, e.g. `["--rules.alert.resend-delay=2s"]`. */
  readonly flags?: readonly string[];
}

/**
 * Starts the system's Prometheus on loopback with `--web.enable-lifecycle` (so the stack can
 * reload it) and waits for `/-/ready`.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<ServiceHandle> {
  const { host, port, url } = await resolveAddress(options, "--prometheus-port");
  const dataDir = join(options.dir, options.agent ? "agent-data" : "prometheus-data");
  mkdirSync(dataDir, { recursive: true });
  const binary = await describeBinary(prometheusBinary);
  return startService({
    name: "prometheus",
    binary: binary.path,
    binaryInfo: binary,
    args: [
      `--config.file=${options.configFile}`,
      ...(options.agent
        ? ["--agent", `--storage.agent.path=${dataDir}`]
        : [`--storage.tsdb.path=${dataDir}`]),
      `--web.listen-address=${host}:${port}`,
      `--web.external-url=${url}/`,
      "--web.enable-lifecycle",
      "--log.level=warn",
      ...(options.flags ?? []),
    ],
    url,
    port,
    readyPath: "/-/ready",
    logFile: join(options.dir, "prometheus.log"),
    detached: options.detached,
    netns: options.netns?.name,
  });
}
