import { queryPrometheus } from "./query-prometheus.js";
import type { TrainwatchStack } from "./trainwatch-stack.js";

/**
 * Runs `wait` (a wait for a stall alert); when it times out, adds what Prometheus and the
 * trainer say about the stall to the error, so a failure on a CI machine can be read without the
 * stack (which is gone by then).
 */
export async function explainStallOnTimeout<T>(
  stack: Pick<TrainwatchStack, "prometheusUrl" | "trainerLog">,
  task: string,
  wait: () => Promise<T>,
): Promise<T> {
  try {
    return await wait();
  } catch (error) {
    const show = async (what: string, read: () => Promise<unknown>) =>
      `${what}: ${await read().then(
        (v) => (typeof v === "string" ? v : JSON.stringify(v)),
        (e: unknown) => `(unreadable: ${e instanceof Error ? e.message : String(e)})`,
      )}`;
    const query = (promql: string) => () => queryPrometheus(stack.prometheusUrl, promql);
    const lines = [
      await show(`${task}'s steps`, query(`training_steps_total{task="${task}"}`)),
      await show(
        `${task}'s last step, seconds ago`,
        query(`time() - training_last_step_timestamp_seconds{task="${task}"}`),
      ),
      await show(`${task}'s status`, query(`training_status{task="${task}"} == 1`)),
      await show("trainers up", query('up{job="trainers"}')),
      await show("scrapes failed in the last minute", query('changes(up{job="trainers"}[1m])')),
      await show("ALERTS", query("ALERTS")),
      await show(
        "alerts that fired in the last 2 minutes",
        query('max_over_time(ALERTS{alertstate="firing"}[2m])'),
      ),
      await show("stop reasons pushed", query("training_stop_info")),
      await show("TrainingStalled's rules", async () => {
        const body = (await (
          await fetch(`${stack.prometheusUrl}/api/v1/rules?type=alert`)
        ).json()) as {
          data: {
            groups: {
              rules: { name: string; state: string; health: string; lastError?: string }[];
            }[];
          };
        };
        return body.data.groups
          .flatMap((g) => g.rules)
          .filter((r) => r.name === "TrainingStalled")
          .map(({ state, health, lastError }) => ({ state, health, lastError }));
      }),
      await show(`${task}'s log (end)`, async () =>
        (await stack.trainerLog(task)).split("\n").slice(-15).join("\n"),
      ),
    ];
    if (error instanceof Error) error.message += `\n${lines.join("\n")}`;
    throw error;
  }
}
