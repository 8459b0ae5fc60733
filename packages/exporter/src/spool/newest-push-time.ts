import { z } from "zod";

const groupsSchema = z.object({
  data: z.array(
    z.object({
      labels: z.record(z.string(), z.string()),
      push_time_seconds: z.object({ metrics: z.array(z.object({ value: z.string() })) }).optional(),
    }),
  ),
});

/**
 * When the Pushgateway at `baseUrl` last accepted a push for exactly the group `job`/`task`,
 * in Unix seconds; undefined when it holds no such group.
 */
export async function newestPushTime(
  baseUrl: string,
  { job, task }: { readonly job: string; readonly task: string },
  signal: AbortSignal,
): Promise<number | undefined> {
  const response = await fetch(`${baseUrl.replace(/\/+$/, "")}/api/v1/metrics`, { signal });
  if (!response.ok) throw new Error(`GET /api/v1/metrics answered ${response.status}`);
  const { data } = groupsSchema.parse(await response.json());
  const group = data.find(
    ({ labels }) => labels.job === job && labels.task === task && Object.keys(labels).length === 2,
  );
  const value = group?.push_time_seconds?.metrics[0]?.value;
  return value === undefined ? undefined : Number(value);
}
