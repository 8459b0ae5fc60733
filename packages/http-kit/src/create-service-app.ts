import express, { type Express, type RequestHandler } from "express";

/**
 * Creates the express app every trainwatch server starts from: `GET /healthz` for liveness
 * probes, an empty `GET /favicon.ico` (a browser asks for one; there is none, which is no
 * error), and no `X-Powered-By` header; `before` runs ahead of every route (web.yml's headers and
 * client-certificate policy). Mount the server's own routes on it.
 */
export function createServiceApp(before?: RequestHandler): Express {
  const app = express();
  app.disable("x-powered-by");
  if (before) app.use(before);
  app.get("/healthz", (_req, res) => {
    res.type("text/plain").send("ok\n");
  });
  app.get("/favicon.ico", (_req, res) => {
    res.status(204).end();
  });
  return app;
}
