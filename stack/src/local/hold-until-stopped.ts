import type { Logger } from "@trainwatch/cli-kit";
import type { ServiceHandle } from "@trainwatch/native-services";

/**
 * Detached: says how to reach and stop the stack and returns false. Otherwise runs it until
 * Ctrl-C, then stops it (trainers first) and returns true.
 */
export async function holdUntilStopped(
  detach: boolean,
  logger: Logger,
  stack: { readonly trainers: readonly ServiceHandle[]; stop(): Promise<void> },
): Promise<boolean> {
  if (detach) {
    console.log("Detached. `trainwatch status` shows it, `trainwatch down` stops it.");
    return false;
  }
  // A closed terminal or pipe must not end the orderly stop below: output is best effort.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
  for (const trainer of stack.trainers) {
    void trainer.exited.then((code) => logger.info(`${trainer.name} exited (${code ?? "signal"})`));
  }
  console.log("Ctrl-C stops everything (trainers first, so their final state is pushed).");
  await new Promise((resolve) => process.once("SIGINT", resolve).once("SIGTERM", resolve));
  logger.info("stopping: trainers first (each pushes its final state), then the services");
  await stack.stop();
  logger.info("stopped; nothing left running");
  return true;
}
