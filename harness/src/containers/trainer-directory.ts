import { readFileSync } from "node:fs";
import { z } from "zod";

const directorySchema = z.array(z.object({ job: z.string(), task: z.string(), url: z.url() }));

/** Which compose service runs each trainer (job, task), as its URL inside the compose network. */
export type TrainerDirectory = z.infer<typeof directorySchema>;

/**
 * Reads the harness's directory of compose trainers (`[{"job", "task", "url"}]`,
 * docker/trainers.json by default), so a test can reach and inspect each worker.
 *
 * @throws Error naming the file when it is missing or malformed.
 */
export function readTrainerDirectory(file: string): TrainerDirectory {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`trainer directory ${file} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parsed = directorySchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`trainer directory ${file} is malformed: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
