import type { BinaryInfo } from "./describe-binary.js";

/** A started service; stop it with `stop()` or `await using`. */
export interface ServiceHandle extends AsyncDisposable {
  readonly name: string;
  /** Base URL, e.g. `http://127.0.0.1:9090`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** The binary it runs, for services started from one of trainwatch's binary specs. */
  readonly binary?: BinaryInfo;
  /** Settles with the exit code (undefined when killed by a signal) once the process has ended. */
  readonly exited: Promise<number | undefined>;
  /** Sends SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}
