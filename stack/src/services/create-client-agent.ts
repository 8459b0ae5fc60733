import { readFileSync } from "node:fs";
import type { ClientTls } from "@trainwatch/native-services";
import { Agent } from "undici";

/**
 * An undici `Agent` for requests to a stack's HTTPS services: trusts `tls.caFile` and shows
 * the client certificate. Pass it as `dispatcher` to undici's `fetch`; `close()` it when done.
 */
export function createClientAgent(tls: ClientTls): Agent {
  const read = (file: string | undefined) => (file === undefined ? undefined : readFileSync(file));
  return new Agent({
    connect: { ca: read(tls.caFile), cert: read(tls.certFile), key: read(tls.keyFile) },
  });
}
