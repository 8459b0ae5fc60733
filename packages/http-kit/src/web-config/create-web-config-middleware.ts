import type { TLSSocket } from "node:tls";
import type { RequestHandler } from "express";
import type { WebConfig } from "./web-config-schema.js";

/** The subject alternative names of a certificate, as Node spells them (`DNS:a, IP Address:1.2.3.4`). */
const sansOf = (altNames: string | undefined): string[] =>
  (altNames ?? "")
    .split(",")
    .map((entry) => entry.trim().replace(/^[^:]+:/, ""))
    .filter(Boolean);

/**
 * Creates the express middleware that applies what web.yml asks of every request beyond the
 * TLS handshake: its response headers, and the client-certificate policies Node's TLS options
 * cannot express alone — `RequireAnyClientCert` (a certificate, trusted or not),
 * `VerifyClientCertIfGiven` (a certificate, if sent, must be trusted) and `client_allowed_sans`
 * (the certificate names one of them). A request that fails gets 403 and says why.
 */
export function createWebConfigMiddleware(config: WebConfig): RequestHandler {
  const headers = Object.entries(config.http_server_config?.headers ?? {}).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "",
  );
  const tls = config.tls_server_config;
  const policy = tls?.client_auth_type ?? "NoClientCert";
  const allowed = tls?.client_allowed_sans;
  return (req, res, next) => {
    for (const [name, value] of headers) res.set(name, value);
    const socket = req.socket as Partial<TLSSocket>;
    const certificate = socket.getPeerCertificate?.();
    const sent = certificate !== undefined && Object.keys(certificate).length > 0;
    const refuse = (why: string) => {
      res.status(403).type("text/plain").send(`${why}\n`);
    };
    if (policy === "RequireAnyClientCert" && !sent)
      return refuse("a client certificate is required");
    if (policy === "VerifyClientCertIfGiven" && sent && !socket.authorized)
      return refuse(`the client certificate is not trusted: ${String(socket.authorizationError)}`);
    if (allowed !== undefined) {
      const names = sent ? sansOf(certificate.subjectaltname) : [];
      if (!names.some((name) => allowed.includes(name)))
        return refuse("the client certificate names none of the allowed subject alternative names");
    }
    next();
  };
}
