/** Codes of the failures trainwatch expects and explains; anything else is a bug. */
export type TrainwatchErrorCode =
  | "usage"
  | "port_in_use"
  | "missing_binary"
  | "build_failed"
  | "not_ready"
  | "timeout"
  | "unreachable"
  | "no_stack";

/** Exit status for usage errors (bad flags, env or config), as CLI conventions have it. */
export const usageExitCode = 2;

/**
 * An expected failure with a message that names the bad value and the fix. The CLI boundary
 * prints only the message; a plain `Error` is a bug and keeps its stack.
 */
export class TrainwatchError extends Error {
  override readonly name = "TrainwatchError";
  readonly code: TrainwatchErrorCode;
  readonly exitCode: number;

  constructor(code: TrainwatchErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.exitCode = code === "usage" || code === "port_in_use" ? usageExitCode : 1;
  }
}
