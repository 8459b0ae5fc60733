import { CommanderError } from "commander";
import { TrainwatchError, usageExitCode } from "./trainwatch-error.js";

/**
 * The one boundary of a trainwatch CLI: runs `main`, prints an expected failure as one clean
 * message (a bug keeps its stack) and sets the exit status. Commander's own errors (unknown
 * flag, missing value) are usage errors: exit 2.
 */
export async function runMain(
  name: string,
  main: () => Promise<number | undefined>,
): Promise<void> {
  try {
    const code = await main();
    if (typeof code === "number") process.exitCode = code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message and the usage hint.
      process.exitCode = error.exitCode === 0 ? 0 : usageExitCode;
    } else if (error instanceof TrainwatchError) {
      console.error(`${name}: ${error.message}`);
      process.exitCode = error.exitCode;
    } else {
      console.error(`${name}: unexpected error (a bug, please report it):`, error);
      process.exitCode = 1;
    }
  }
}
