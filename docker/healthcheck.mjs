#!/usr/bin/env node
// Healthcheck of a trainwatch container: exits 0 when 127.0.0.1:<port>/healthz answers with a
// 2xx status within eight seconds, 1 otherwise (the trainer, collector and receiver all serve
// it). With TRAINWATCH_HEALTHCHECK_TLS_DIR (docker-compose.tls.yml) it asks over HTTPS, trusting
// that folder's ca.crt and showing its healthcheck certificate, as the servers there require.
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  console.error(`usage: trainwatch-healthcheck <port> (got ${JSON.stringify(process.argv[2])})`);
  process.exit(2);
}
const tls = process.env.TRAINWATCH_HEALTHCHECK_TLS_DIR;
if (tls) {
  const file = (name) => readFileSync(join(tls, name));
  const req = request(`https://127.0.0.1:${port}/healthz`, {
    ca: file("ca.crt"),
    cert: file("healthcheck.crt"),
    key: file("healthcheck.key"),
    timeout: 8000,
  });
  req.once("response", (res) => process.exit(res.statusCode >= 200 && res.statusCode < 300 ? 0 : 1));
  req.once("timeout", () => process.exit(1));
  req.once("error", () => process.exit(1));
  req.end();
} else {
  fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(8000) }).then(
    (response) => process.exit(response.ok ? 0 : 1),
    () => process.exit(1),
  );
}
