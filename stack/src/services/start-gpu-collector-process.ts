import { createRequire } from "node:module";
import { demoTraceFile, type SourceSpec } from "@trainwatch/gpu-collector";
import {
  type ServiceHandle,
  type ServicePlacement,
  startManagedService,
} from "@trainwatch/native-services";
import { fetch } from "undici";
import { createClientAgent } from "./create-client-agent.js";

/** The standalone GPU collector CLI the stack runs. */
export const gpuCollectorCli: string = createRequire(import.meta.url).resolve(
  "@trainwatch/gpu-collector/cli",
);

export interface GpuCollectorProcessOptions extends ServicePlacement {
  readonly source: Exclude<SourceSpec, { kind: "none" }>;
  readonly logFile: string;
  /** Where it replays a trace: give its GPUs to the processes whose command matches this. */
  readonly replayProcesses?: string;
  /** Its cost configuration (prices per GPU model, the grid's intensity). */
  readonly costConfig?: string;
  /** Serve HTTPS as this web.yml says (with `tls`, how this process reaches it). */
  readonly webConfigFile?: string;
}

/** A running collector and the source it reads (`replay` when no GPU was found). */
export interface GpuCollectorProcess {
  readonly service: ServiceHandle;
  readonly source: string;
}

/**
 * Starts the standalone GPU collector on a free port: on the real GPU when one is found,
 * otherwise (with `auto`) on the trace shipped in the repo. Resolves with the source it reads.
 */
export async function startGpuCollectorProcess(
  options: GpuCollectorProcessOptions,
): Promise<GpuCollectorProcess> {
  const { source } = options;
  const sourceArg = source.kind === "replay" ? `replay:${source.file}` : source.kind;
  const service = await startManagedService(
    {
      name: "gpu-collector",
      portFlag: "the collector's --port",
      readyPath: "/healthz",
      logFile: options.logFile,
      command: ({ host, port }) => ({
        binary: process.execPath,
        args: [
          gpuCollectorCli,
          ...["--source", sourceArg, "--host", host, "--port", String(port)],
          ...(source.kind === "auto" ? ["--fallback", `replay:${demoTraceFile}`] : []),
          ...(options.replayProcesses ? ["--replay-processes", options.replayProcesses] : []),
          ...(options.costConfig ? ["--cost-config", options.costConfig] : []),
          ...(options.webConfigFile ? ["--web.config.file", options.webConfigFile] : []),
        ],
      }),
    },
    options,
  );
  const dispatcher = options.tls && createClientAgent(options.tls);
  const text = await (await fetch(`${service.url}/metrics`, { dispatcher })).text();
  await dispatcher?.close();
  const reading = /^gpu_collector_up\{source="([^"]+)"\}/m.exec(text)?.[1] ?? "unknown";
  return { service, source: reading };
}
