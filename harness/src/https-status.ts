import { readFileSync } from "node:fs";
import { request } from "node:https";

/**
 * GETs `url` over HTTPS trusting `caFile`, showing `client` (certificate and key files) when
 * given; resolves with the status, rejects when the server refuses the handshake (5 s at most).
 */
export function httpsStatus(
  url: string,
  caFile: string,
  client?: { readonly cert: string; readonly key: string },
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      {
        ca: readFileSync(caFile),
        ...(client && { cert: readFileSync(client.cert), key: readFileSync(client.key) }),
        timeout: 5000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.once("timeout", () => req.destroy(new Error("timed out")));
    req.once("error", reject);
    req.end();
  });
}
