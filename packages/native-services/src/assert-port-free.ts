import { createServer } from "node:net";
import { TrainwatchError } from "@trainwatch/cli-kit";

/**
 * Checks that `host:port` can be bound, so a service is never mistaken for one already there.
 *
 * @throws TrainwatchError("port_in_use") naming the address and the flag to change.
 */
export async function assertPortFree(host: string, port: number, flag: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EADDRINUSE") return reject(error);
      reject(
        new TrainwatchError(
          "port_in_use",
          `${host}:${port} is already in use: choose another port with ${flag}, or leave it out to use a free one`,
          { cause: error },
        ),
      );
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
