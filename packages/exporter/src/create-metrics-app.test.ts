import { type AuthConfig, startHttpServer } from "@trainwatch/http-kit";
import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createMetricsApp } from "./create-metrics-app.js";

async function serve(auth?: AuthConfig) {
  const registry = new Registry();
  new Counter({ name: "demo_steps_total", help: "Steps.", registers: [registry] }).inc(2);
  return startHttpServer(createMetricsApp({ registry, auth }), { port: 0 });
}

describe("createMetricsApp", () => {
  it("serves the Prometheus text format by default", async () => {
    await using server = await serve();
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await response.text()).toContain(
      "# TYPE demo_steps_total counter\ndemo_steps_total 2\n",
    );
  });

  it("serves OpenMetrics when the scraper prefers it, as Prometheus does", async () => {
    await using server = await serve();
    const response = await fetch(`${server.url}/metrics`, {
      headers: {
        accept:
          "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
      },
    });
    expect(response.headers.get("content-type")).toMatch(
      /^application\/openmetrics-text; version=1\.0\.0/,
    );
    const body = await response.text();
    expect(body).toContain("# TYPE demo_steps counter\ndemo_steps_total 2\n");
    expect(body.endsWith("# EOF\n")).toBe(true);
  });

  it.each([
    ["text/plain", "text/plain"],
    ["application/openmetrics-text", "application/openmetrics-text"],
    ["*/*", "text/plain"],
  ])("answers Accept: %s with %s", async (accept, expected) => {
    await using server = await serve();
    const response = await fetch(`${server.url}/metrics`, { headers: { accept } });
    expect(response.headers.get("content-type")?.split(";")[0]).toBe(expected);
  });

  it("answers a browser's /favicon.ico with nothing rather than a 404", async () => {
    await using server = await serve();
    expect((await fetch(`${server.url}/favicon.ico`)).status).toBe(204);
  });

  it("guards /metrics with its auth and answers /healthz without credentials", async () => {
    await using server = await serve({ kind: "bearer", token: "s3cret" });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
