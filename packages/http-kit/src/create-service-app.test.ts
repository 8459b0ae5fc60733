import { describe, expect, it } from "vitest";
import { createServiceApp } from "./create-service-app.js";
import { startHttpServer } from "./start-http-server.js";

describe("createServiceApp", () => {
  it("answers /healthz, and a browser's /favicon.ico with nothing rather than a 404", async () => {
    await using server = await startHttpServer(createServiceApp(), { port: 0 });
    const health = await fetch(`${server.url}/healthz`);
    expect([health.status, await health.text(), health.headers.get("x-powered-by")]).toEqual([
      200,
      "ok\n",
      null,
    ]);
    expect((await fetch(`${server.url}/favicon.ico`)).status).toBe(204);
  });
});
