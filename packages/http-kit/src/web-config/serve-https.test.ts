import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { beforeAll, describe, expect, it } from "vitest";
import { startHttpServer } from "../start-http-server.js";
import { createLocalCa } from "../tls/create-local-ca.js";
import { createWebConfigMiddleware } from "./create-web-config-middleware.js";
import { readWebConfig } from "./read-web-config.js";

/** GET `url` over HTTPS trusting `dir`'s CA, with the client certificate when `withClient`. */
function get(url: string, dir: string, withClient: boolean): Promise<number> {
  return getWithHeaders(url, dir, withClient).then((r) => r.status);
}

function getWithHeaders(
  url: string,
  dir: string,
  withClient: boolean,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  const read = (f: string) => readFileSync(join(dir, f));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        ca: read("ca.crt"),
        ...(withClient && { cert: read("client.crt"), key: read("client.key") }),
      },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      },
    );
    req.once("error", reject);
    req.end();
  });
}

describe("startHttpServer with readWebConfig's TLS", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "https-"));
    createLocalCa(dir, [
      { name: "server", sans: ["IP:127.0.0.1"], usage: "server" },
      { name: "client", sans: ["DNS:trainer"], usage: "client" },
    ]);
  });

  it("serves HTTPS and, with RequireAndVerifyClientCert, refuses a client without a certificate", async () => {
    writeFileSync(
      join(dir, "web.yml"),
      [
        "tls_server_config:",
        "  cert_file: server.crt",
        "  key_file: server.key",
        "  client_auth_type: RequireAndVerifyClientCert",
        "  client_ca_file: ca.crt",
      ].join("\n"),
    );
    const app = express().get("/metrics", (_req, res) => {
      res.send("ok\n");
    });
    await using server = await startHttpServer(app, {
      port: 0,
      tls: readWebConfig(join(dir, "web.yml")).tls,
    });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(`${server.url}/metrics`, dir, true)).toBe(200);
    await expect(get(`${server.url}/metrics`, dir, false)).rejects.toThrow();
    // Plain HTTP to the HTTPS port gets no answer a client could read as a page.
    await expect(fetch(`${server.url.replace("https", "http")}/metrics`)).rejects.toThrow();
  });

  it("applies RequireAnyClientCert, client_allowed_sans and the response headers per request", async () => {
    const serve = async (lines: string[]) => {
      writeFileSync(
        join(dir, "web.yml"),
        ["tls_server_config:", "  cert_file: server.crt", "  key_file: server.key", ...lines].join(
          "\n",
        ),
      );
      const { config, tls } = readWebConfig(join(dir, "web.yml"));
      const app = express()
        .use(createWebConfigMiddleware(config))
        .get("/metrics", (_req, res) => {
          res.send("ok\n");
        });
      return startHttpServer(app, { port: 0, tls });
    };
    {
      await using server = await serve([
        "  client_auth_type: RequireAnyClientCert",
        "  client_allowed_sans: [trainer]",
        "http_server_config:",
        "  headers:",
        "    X-Frame-Options: deny",
      ]);
      const answer = await getWithHeaders(`${server.url}/metrics`, dir, true);
      expect([answer.status, answer.headers["x-frame-options"]]).toEqual([200, "deny"]);
      expect(await get(`${server.url}/metrics`, dir, false)).toBe(403);
    }
    {
      await using server = await serve([
        "  client_auth_type: RequireAnyClientCert",
        "  client_allowed_sans: [alert-receiver]",
      ]);
      expect(await get(`${server.url}/metrics`, dir, true)).toBe(403);
    }
  });
});
