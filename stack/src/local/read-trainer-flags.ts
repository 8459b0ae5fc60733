import { TrainwatchError } from "@trainwatch/cli-kit";
import {
  createTrainerProgram,
  parseTrainerConfig,
  type TrainerConfig,
  type TrainerFlags,
} from "@trainwatch/trainer";

/**
 * Reads flags meant for trainers as the trainer reads them (its own program and validation), so
 * a typo fails before anything starts.
 *
 * @throws TrainwatchError("usage") naming the bad flag.
 */
export function readTrainerFlags(args: readonly string[]): TrainerConfig {
  const program = createTrainerProgram()
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  try {
    program.parse([...args], { from: "user" });
  } catch (error) {
    throw new TrainwatchError("usage", `trainer flags after --: ${(error as Error).message}`);
  }
  return parseTrainerConfig(program.opts<TrainerFlags>(), {});
}
