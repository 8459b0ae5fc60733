import { readProcessIdentity, type WorkloadIdentity } from "@trainwatch/exporter";
import type { GpuSource } from "./gpu-source.js";

/**
 * Wraps a source whose process ids are this machine's (NVML, nvidia-smi: the driver reports host
 * pids) so that each GPU process also names its container and pod, read from
 * `<proc>/<pid>/cgroup`. The collector must see the host's processes for that: natively it
 * does; in a container it needs the host's pid namespace (`pid: host`, `hostPID: true`). A pid's
 * identity is read once while the pid stays on a GPU.
 */
export function attributeProcesses(source: GpuSource, proc = "/proc"): GpuSource {
  let known = new Map<number, WorkloadIdentity>();
  return {
    name: source.name,
    async read(signal) {
      const readings = await source.read(signal);
      const seen = new Map<number, WorkloadIdentity>();
      const identify = (pid: number) => {
        const identity = seen.get(pid) ?? known.get(pid) ?? readProcessIdentity(pid, proc);
        seen.set(pid, identity);
        return identity;
      };
      const attributed = readings.map((reading) => ({
        ...reading,
        processes: reading.processes.map((p) => ({ ...p, ...identify(p.pid) })),
      }));
      known = seen; // forget pids that left the GPUs: a new process may reuse one
      return attributed;
    },
    close: () => source.close(),
  };
}
