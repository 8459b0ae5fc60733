export { createLogger, type Logger } from "./create-logger.js";
export { type DescribeKey, describeFlag, parseInput } from "./parse-input.js";
export { runMain } from "./run-main.js";
export { TrainwatchError, type TrainwatchErrorCode, usageExitCode } from "./trainwatch-error.js";
export { type WaitForOptions, waitFor } from "./wait-for.js";
