import { createHash, timingSafeEqual } from "node:crypto";
import bcrypt from "bcryptjs";
import type { RequestHandler } from "express";
import type { AuthConfig } from "./auth-config.js";

function sameSecret(a: string, b: string): boolean {
  // Compare digests so neither the length nor the content leaks through timing.
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Creates express middleware that lets a request through only with the configured credentials;
 * others get 401 with a `WWW-Authenticate` challenge. A basic-auth header that passed bcrypt
 * once is remembered (by its digest) so a 1 s scrape does not pay bcrypt's cost every time.
 */
export function createAuthMiddleware(auth: AuthConfig): RequestHandler {
  if (auth.kind === "none") return (_req, _res, next) => next();
  const verified = new Set<string>();
  const challenge = auth.kind === "bearer" ? "Bearer" : 'Basic realm="trainwatch"';
  return async (req, res, next) => {
    const header = req.get("authorization") ?? "";
    if (await isAuthorized(auth, header, verified)) return next();
    res.set("WWW-Authenticate", challenge).status(401).type("text/plain").send("unauthorized\n");
  };
}

async function isAuthorized(
  auth: Exclude<AuthConfig, { kind: "none" }>,
  header: string,
  verified: Set<string>,
): Promise<boolean> {
  if (auth.kind === "bearer") {
    return header.startsWith("Bearer ") && sameSecret(header.slice(7), auth.token);
  }
  if (!header.startsWith("Basic ")) return false;
  const key = createHash("sha256").update(header).digest("hex");
  if (verified.has(key)) return true;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  const user = decoded.slice(0, colon);
  // Unknown users still pay one bcrypt, so timing does not say which names exist.
  const hash =
    auth.kind === "basic" ? auth.passwordHash : (auth.users[user] ?? Object.values(auth.users)[0]);
  const userOk =
    auth.kind === "basic" ? sameSecret(user, auth.username) : Object.hasOwn(auth.users, user);
  const passwordOk = hash !== undefined && (await bcrypt.compare(decoded.slice(colon + 1), hash));
  if (!(userOk && passwordOk)) return false;
  if (verified.size >= 16) verified.clear();
  verified.add(key);
  return true;
}
