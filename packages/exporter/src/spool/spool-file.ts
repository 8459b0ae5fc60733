import { boundedLabelValue } from "@trainwatch/catalog";
import { z } from "zod";

const name = z
  .string()
  .regex(boundedLabelValue.pattern, `expected ${boundedLabelValue.description}`);

/** One final push that failed, kept on disk until `flushSpool` delivers it. */
export const spoolFileSchema = z
  .object({
    version: z.literal(1),
    /** The Pushgateway it was meant for. */
    pushgatewayUrl: z.url({ protocol: /^https?$/ }),
    job: name,
    task: name,
    runId: z.string().max(128),
    status: z.string().max(32),
    /** When the push was rendered (ISO 8601): a group pushed later is newer. */
    time: z.iso.datetime(),
    contentType: z.string().min(1),
    body: z.string(),
  })
  .strict();

export type SpoolFile = z.infer<typeof spoolFileSchema>;
