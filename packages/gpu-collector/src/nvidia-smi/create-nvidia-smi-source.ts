import { execa } from "execa";
import type { GpuSource } from "../gpu-source.js";
import { gpuQueryFields, processQueryFields, type ReasonNaming } from "./nvidia-smi-fields.js";
import { parseNvidiaSmiCsv } from "./parse-nvidia-smi-csv.js";
import { parseNvidiaSmiPmon } from "./parse-nvidia-smi-pmon.js";
import { toGpuProcesses, toGpuReading } from "./to-gpu-reading.js";

export interface NvidiaSmiSourceOptions {
  /** The nvidia-smi binary; default `nvidia-smi` from PATH (`nvidia-smi.exe` on Windows). */
  readonly binary?: string;
  /** Limit of one nvidia-smi run; a wedged one is killed. Default 5000 ms. */
  readonly timeoutMs?: number;
}

const invalidField = /is not a valid field to query/i;

/**
 * Creates a source that runs `nvidia-smi --query-gpu … --format=csv,noheader,nounits` (and
 * `--query-compute-apps`, and `pmon -c 1 -s u` for each process's SM utilization, which takes
 * about a second) asynchronously, killed after `timeoutMs`. A failing `pmon` (a GPU or driver
 * without it, MIG) leaves the processes' utilization unknown and the read whole. It starts with the
 * `clocks_event_reasons.*` names and switches to `clocks_throttle_reasons.*` for a driver that
 * rejects them.
 */
export function createNvidiaSmiSource(options: NvidiaSmiSourceOptions = {}): GpuSource {
  const binary = options.binary ?? (process.platform === "win32" ? "nvidia-smi.exe" : "nvidia-smi");
  const timeout = options.timeoutMs ?? 5000;
  let naming: ReasonNaming = "clocks_event_reasons";

  /** Runs nvidia-smi once, killed after `timeout`; never rejects (the callers read the result). */
  const run = (args: readonly string[], signal: AbortSignal) =>
    execa(binary, args, {
      timeout,
      cancelSignal: signal,
      forceKillAfterDelay: 1000,
      reject: false,
      all: true,
    });

  const query = async (kind: string, fields: readonly string[], signal: AbortSignal) => {
    const result = await run(
      [`--query-${kind}=${fields.join(",")}`, "--format=csv,noheader,nounits"],
      signal,
    );
    if (result.timedOut) throw new Error(`${binary} did not answer within ${timeout} ms (killed)`);
    if (result.isCanceled) throw new Error(`${binary} was cancelled`);
    if (result.exitCode !== 0 || result.failed) {
      const output = (result.all ?? "").trim().split(/\r?\n/)[0] ?? "";
      throw Object.assign(
        new Error(
          `${binary} --query-${kind} failed (exit ${result.exitCode ?? "none"}): ${output || result.shortMessage}`,
        ),
        {
          invalidField: invalidField.test(result.all ?? ""),
        },
      );
    }
    return parseNvidiaSmiCsv(result.stdout, fields);
  };

  const processUtilization = async (signal: AbortSignal) => {
    const result = await run(["pmon", "-c", "1", "-s", "u"], signal);
    if (result.exitCode !== 0 || result.failed) return undefined;
    try {
      return parseNvidiaSmiPmon(result.stdout);
    } catch {
      return undefined; // not pmon's output: utilization unknown, the rest of the read stands
    }
  };

  const queryGpus = async (signal: AbortSignal) => {
    try {
      return await query("gpu", gpuQueryFields(naming), signal);
    } catch (error) {
      if (
        !(error as { invalidField?: boolean }).invalidField ||
        naming === "clocks_throttle_reasons"
      )
        throw error;
      naming = "clocks_throttle_reasons"; // a driver older than R535
      return query("gpu", gpuQueryFields(naming), signal);
    }
  };

  return {
    name: "nvidia-smi",
    async read(signal) {
      const [gpus, apps, utilization] = await Promise.all([
        queryGpus(signal),
        query("compute-apps", processQueryFields, signal),
        processUtilization(signal),
      ]);
      const processes = toGpuProcesses(apps);
      return gpus.map((row) => {
        const reading = toGpuReading(row, naming, processes.get(row.uuid ?? "") ?? []);
        const byPid = utilization?.get(reading.index);
        if (!utilization) return reading;
        // pmon lists every process of a GPU, an idle one with "-": one it does not list is idle too.
        return {
          ...reading,
          processes: reading.processes.map((p) => ({
            ...p,
            smUtilizationRatio: byPid?.get(p.pid) ?? 0,
          })),
        };
      });
    },
    async close() {},
  };
}
