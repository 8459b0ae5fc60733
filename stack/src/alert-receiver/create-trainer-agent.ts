import { readFileSync } from "node:fs";
import { TrainwatchError } from "@trainwatch/cli-kit";
import { Agent } from "undici";

/**
 * The connection settings of stop requests to HTTPS trainers, from the receiver's flags: their
 * CA, this receiver's certificate, and the name their certificate holds when they are dialled by
 * address. Undefined when no flag asks for TLS.
 *
 * @throws TrainwatchError("usage") naming the flag of a file that cannot be read.
 */
export function createTrainerAgent(flags: {
  trainerCaFile?: string;
  trainerCertFile?: string;
  trainerKeyFile?: string;
  trainerServerName?: string;
}): Agent | undefined {
  const read = (flag: string, file: string | undefined) => {
    if (file === undefined) return undefined;
    try {
      return readFileSync(file, "utf8");
    } catch (error) {
      throw new TrainwatchError("usage", `${flag} ${file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  const ca = read("--trainer-ca-file", flags.trainerCaFile);
  const cert = read("--trainer-cert-file", flags.trainerCertFile);
  const key = read("--trainer-key-file", flags.trainerKeyFile);
  if (ca === undefined && cert === undefined) return undefined;
  // Node checks the certificate against `servername` when given, else the address dialled.
  return new Agent({ connect: { ca, cert, key, servername: flags.trainerServerName } });
}
