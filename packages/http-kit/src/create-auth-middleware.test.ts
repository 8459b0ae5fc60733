import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import type { AuthConfig } from "./auth-config.js";
import { createAuthMiddleware } from "./create-auth-middleware.js";
import { createServiceApp } from "./create-service-app.js";
import { startHttpServer } from "./start-http-server.js";

async function serve(auth: AuthConfig = { kind: "none" }) {
  const app = createServiceApp();
  app.get("/secret", createAuthMiddleware(auth), (_req, res) => {
    res.send("in\n");
  });
  return startHttpServer(app, { port: 0 });
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("createAuthMiddleware", () => {
  it("lets a bearer token through and refuses a wrong one with a challenge", async () => {
    await using server = await serve({ kind: "bearer", token: "s3cret" });
    const wrong = await fetch(`${server.url}/secret`, {
      headers: { authorization: "Bearer nope" },
    });
    const right = await fetch(`${server.url}/secret`, {
      headers: { authorization: "Bearer s3cret" },
    });
    expect([wrong.status, wrong.headers.get("www-authenticate"), right.status]).toEqual([
      401,
      "Bearer",
      200,
    ]);
  });

  it("lets any of web.yml's basic_auth_users in with its own password, and no one else", async () => {
    const users = {
      prometheus: await bcrypt.hash("scrape", 4),
      receiver: await bcrypt.hash("stop", 4),
    };
    await using server = await serve({ kind: "users", users });
    const status = async (header?: string) =>
      (await fetch(`${server.url}/secret`, header ? { headers: { authorization: header } } : {}))
        .status;
    expect([
      await status(basic("prometheus", "scrape")),
      await status(basic("receiver", "stop")),
      await status(basic("prometheus", "stop")),
      await status(basic("grafana", "scrape")),
      await status(),
    ]).toEqual([200, 200, 401, 401, 401]);
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
            await fetch(`${server.url}/secret`, {
              headers: authorization ? { authorization } : {},
            })
          ).status,
      ),
    );
    expect(statuses).toEqual([401, 401, 401, 200]);
  });
});
