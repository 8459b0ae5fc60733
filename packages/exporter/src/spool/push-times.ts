import { z } from "zod";

const groupsSchema = z.object({
  data: z.array(
    z.object({
      labels: z.record(z.string(), z.string()),
      push_time_seconds: z.object({ metrics: z.array(z.object({ value: z.string() })) }).optional(),
    }),
  ),
});

/** The key `pushTimes` files a `job`/`task` group under. */
export const groupKey = ({ job, task }: { readonly job: string; readonly task: string }) =>
  `${job}/${task}`;

/**
 * When the Pushgateway at `baseUrl` last accepted a push for each group keyed exactly by `job`
 * and `task` (`groupKey`), in Unix seconds, from one read of its API.
 */
export async function pushTimes(
  baseUrl: string,
  signal: AbortSignal,
): Promise<Map<string, number>> {
  const response = await fetch(`${baseUrl.replace(/\/+$/, "")}/api/v1/metrics`, { signal });
  if (!response.ok) throw new Error(`GET /api/v1/metrics answered ${response.status}`);
  const { data } = groupsSchema.parse(await response.json());
  const times = new Map<string, number>();
  for (const { labels, push_time_seconds: pushTime } of data) {
    const value = pushTime?.metrics[0]?.value;
    const { job, task } = labels;
    if (job === undefined || task === undefined || Object.keys(labels).length !== 2) continue;
    if (value !== undefined) times.set(groupKey({ job, task }), Number(value));
  }
  return times;
}
