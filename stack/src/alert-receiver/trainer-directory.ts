import { readFileSync } from "node:fs";
import { z } from "zod";

const directorySchema = z.array(z.object({ job: z.string(), task: z.string(), url: z.url() }));

/** Where each trainer (job, task) answers: the only places the receiver sends stop requests. */
export type TrainerDirectory = z.infer<typeof directorySchema>;

/**
 * Reads the trainer directory the stack writes (`[{"job", "task", "url"}]`). Read on every
 * notification, so a worker added later is found without a restart.
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
