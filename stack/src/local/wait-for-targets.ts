import { waitFor } from "@trainwatch/cli-kit";

/**
 * Waits until Prometheus has discovered all `count` trainer targets through `file_sd` and tried
 * each once (health no longer "unknown"). A run too short to be scraped still counts: its
 * final state reaches Prometheus through the Pushgateway.
 */
export async function waitForTargets(prometheusUrl: string, count: number): Promise<void> {
  if (count === 0) return;
  await waitFor(
    async () => {
      const response = await fetch(
        `${prometheusUrl}/api/v1/targets?state=active&scrapePool=trainers`,
      );
      const body = (await response.json()) as {
        data: { activeTargets: { scrapePool: string; health: string }[] };
      };
      const trainers = body.data.activeTargets.filter((t) => t.scrapePool === "trainers");
      return trainers.length === count && trainers.every((t) => t.health !== "unknown");
    },
    {
      what: `Prometheus to discover and scrape all ${count} trainers (file_sd)`,
      timeoutMs: 30_000,
      intervalMs: 200,
    },
  );
}

/**
 * Waits until Prometheus has stored a first OTLP push of each of `count` trainers (one
 * `target_info` series per job, task and instance, from their resource).
 */
export async function waitForPushers(prometheusUrl: string, count: number): Promise<void> {
  if (count === 0) return;
  await waitFor(
    async () => {
      const query = encodeURIComponent("count(target_info)");
      const response = await fetch(`${prometheusUrl}/api/v1/query?query=${query}`);
      const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
      return Number(body.data.result[0]?.value[1] ?? 0) >= count;
    },
    { what: `all ${count} trainers' first OTLP push`, timeoutMs: 60_000, intervalMs: 200 },
  );
}
