import { stopPid } from "@trainwatch/native-services";
import type { StackState } from "../run-dir/stack-state.js";
import { isOwnProcess } from "../services/is-own-process.js";

/**
 * Stops a stack from its state file: trainers first, so each finishes its batch and pushes its
 * final state while the Pushgateway still runs, then the services. Returns
 * the pids of ours still alive afterwards (none, unless something refused to die).
 */
export async function stopStack(state: StackState): Promise<number[]> {
  const trainers = state.trainers.map((t) => ({
    pid: t.pid,
    needle: t.match,
    what: `trainer ${t.task}`,
  }));
  const services = [
    ...(state.services.dashboards
      ? [{ pid: state.services.dashboards.pid, needle: "dashboards", what: "dashboards" }]
      : []),
    { pid: state.services.prometheus.pid, needle: "prometheus", what: "prometheus" },
    { pid: state.services.pushgateway.pid, needle: "pushgateway", what: "pushgateway" },
    { pid: state.services.alertmanager.pid, needle: "alertmanager", what: "alertmanager" },
    { pid: state.services.alertReceiver.pid, needle: "alert-receiver", what: "alert-receiver" },
    ...(state.services.gpuCollector
      ? [{ pid: state.services.gpuCollector.pid, needle: "gpu-collector", what: "gpu-collector" }]
      : []),
  ];
  const stopAll = (list: typeof services, graceMs: number) =>
    Promise.all(
      list
        .filter((p) => isOwnProcess(p.pid, p.needle))
        .map((p) => stopPid(p.pid, { graceMs, what: p.what })),
    );
  await stopAll(trainers, 30_000);
  await stopAll(services, 10_000);
  return [...trainers, ...services].filter((p) => isOwnProcess(p.pid, p.needle)).map((p) => p.pid);
}
