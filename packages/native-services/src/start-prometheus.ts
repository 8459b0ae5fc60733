import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type BinaryInfo, describeBinary } from "./describe-binary.js";
import { prometheusBinary } from "./find-binary.js";
import type { ServiceHandle } from "./service-handle.js";
import {
  type ManagedService,
  type ServicePlacement,
  startManagedService,
} from "./start-managed-service.js";

export interface PrometheusOptions extends ServicePlacement {
  /** The rendered prometheus.yml. */
  readonly configFile: string;
  /** Folder for the TSDB and the log. */
  readonly dir: string;
  /** Agent mode: scrape and remote-write only (no TSDB, rules or alerts). */
  readonly agent?: boolean;
  /** Further flags, e.g. `["--rules.alert.resend-delay=2s"]`. */
  readonly flags?: readonly string[];
  /** The binary to run, when the caller has described it already; default: the one chosen now. */
  readonly binary?: BinaryInfo;
}

/** Prometheus with `--web.enable-lifecycle` (so the stack can reload it), or its agent. */
export function prometheusService(options: PrometheusOptions): ManagedService {
  return {
    name: "prometheus",
    portFlag: "--prometheus-port",
    readyPath: "/-/ready",
    logFile: join(options.dir, "prometheus.log"),
    command: async ({ host, port, url }) => {
      const dataDir = join(options.dir, options.agent ? "agent-data" : "prometheus-data");
      mkdirSync(dataDir, { recursive: true });
      const binary = options.binary ?? (await describeBinary(prometheusBinary));
      return {
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
      };
    },
  };
}

/** Starts Prometheus (on loopback unless placed elsewhere) and waits for `/-/ready`. */
export function startPrometheus(options: PrometheusOptions): Promise<ServiceHandle> {
  return startManagedService(prometheusService(options), options);
}
