import { readFileSync } from "node:fs";
import { request } from "node:https";

/** How a client reaches a service that serves HTTPS with a private CA and wants a client certificate. */
export interface ClientTls {
  /** The CA that signed the service's certificate. */
  readonly caFile: string;
  /** The client certificate and its key, for a service that requires one. */
  readonly certFile?: string;
  readonly keyFile?: string;
}

/**
 * Creates a readiness probe for a service fetch cannot reach (fetch takes no CA): each call asks
 * whether `url` answers 200 over HTTPS, trusting `tls.caFile` and showing its client certificate.
 * The files are read once, here, not on every poll.
 */
export function createHttpsProbe(
  url: string,
  tls: ClientTls,
  timeoutMs = 1000,
): () => Promise<boolean> {
  const read = (file: string | undefined) => (file === undefined ? undefined : readFileSync(file));
  const options = { ca: read(tls.caFile), cert: read(tls.certFile), key: read(tls.keyFile) };
  return () =>
    new Promise((resolve) => {
      const req = request(url, { ...options, timeout: timeoutMs }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.once("timeout", () => req.destroy());
      // A refused connection or handshake is "not ready yet", as a failed fetch is.
      req.once("error", () => resolve(false));
      req.end();
    });
}
