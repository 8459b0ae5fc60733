import bcrypt from "bcryptjs";
import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { AuthConfig } from "./auth-config.js";
import { createMetricsApp } from "./create-metrics-app.js";
import { startMetricsServer } from "./start-metrics-server.js";

async function serve(auth?: AuthConfig) {
  const registry = new Registry();
  new Counter({ name: "demo_steps_total", help: "Steps.", registers: [registry] }).inc(2);
  return startMetricsServer(createMetricsApp({ registry, auth }), { port: 0 });
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

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

  it("answers /healthz without credentials even when /metrics needs them", async () => {
    await using server = await serve({ kind: "bearer", token: "s3cret" });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("lets a bearer token through and refuses a wrong one with a challenge", async () => {
    await using server = await serve({ kind: "bearer", token: "s3cret" });
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: "Bearer nope" },
    });
    const right = await fetch(`${server.url}/metrics`, {
      headers: { authorization: "Bearer s3cret" },
    });
    expect([wrong.status, wrong.headers.get("www-authenticate"), right.status]).toEqual([
      401,
      "Bearer",
      200,
    ]);
  });

  it("checks basic auth against a bcrypt hash", async () => {
    const passwordHash = await bcrypt.hash("pa55", 4);
    await using server = await serve({ kind: "basic", username: "prometheus", passwordHash });
    const statuses = await Promise.all(
      [
        undefined,
        basic("prometheus", "wrong"),
        basic("other", "pa55"),
        basic("prometheus", "pa55"),
      ].map(
        async (authorization) =>
          (
            await fetch(`${server.url}/metrics`, {
              headers: authorization ? { authorization } : {},
            })
          ).status,
      ),
    );
    expect(statuses).toEqual([401, 401, 401, 200]);
  });
});

describe("startMetricsServer", () => {
  it("refuses a port in use with a message naming the address", async () => {
    await using first = await serve();
    const app = createMetricsApp({ registry: new Registry() });
    await expect(startMetricsServer(app, { port: first.port })).rejects.toThrow(
      `127.0.0.1:${first.port} is already in use: choose another port, or 0 for a free one`,
    );
  });
});
