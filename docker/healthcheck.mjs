#!/usr/bin/env node
// Healthcheck of a trainwatch container: exits 0 when http://127.0.0.1:<port>/healthz answers
// with a 2xx status within eight seconds, 1 otherwise (the trainer, collector and receiver all serve it).
const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  console.error(`usage: trainwatch-healthcheck <port> (got ${JSON.stringify(process.argv[2])})`);
  process.exit(2);
}
fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(8000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
