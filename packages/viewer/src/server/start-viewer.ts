import { isIP } from "node:net";
import { TrainwatchError } from "@trainwatch/cli-kit";
import { type HttpServer, startHttpServer } from "@trainwatch/http-kit";
import { Agent } from "undici";
import { createViewerApp, type ViewerAppOptions } from "./create-viewer-app.js";

export interface ViewerOptions extends ViewerAppOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
}

/** Whether `host` is a loopback address (127.0.0.0/8, ::1) or `localhost`. */
export function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1" || host === "[::1]";
}

/**
 * Starts the dashboard viewer, over HTTPS when `web` has `tls_server_config`. It binds loopback
 * unless told otherwise; bound to any other address it needs basic auth, a bearer token or
 * verified client certificates, since the page queries Prometheus for anyone who reaches it.
 *
 * @throws TrainwatchError("usage") for a non-loopback host without auth.
 * @throws TrainwatchError("port_in_use") when the port is taken.
 */
export async function startViewer(options: ViewerOptions): Promise<HttpServer> {
  const certified =
    options.web?.config.tls_server_config?.client_auth_type === "RequireAndVerifyClientCert";
  if (
    !isLoopback(options.host) &&
    (options.auth ?? { kind: "none" }).kind === "none" &&
    !certified
  ) {
    throw new TrainwatchError(
      "usage",
      `--host ${options.host} is not a loopback address: set TRAINWATCH_VIEWER_TOKEN (bearer) or TRAINWATCH_VIEWER_USER and TRAINWATCH_VIEWER_PASSWORD_HASH (basic auth), or require client certificates in --web.config.file, so that not anyone who reaches it can query your Prometheus, or bind 127.0.0.1`,
    );
  }
  // At most 8 connections to Prometheus (it evaluates 20 queries at once by default), kept
  // alive between refreshes instead of reopened for each.
  const dispatcher = options.dispatcher ?? new Agent({ connections: 8, keepAliveTimeout: 60_000 });
  const server = await startHttpServer(createViewerApp({ ...options, dispatcher }), {
    host: options.host,
    port: options.port,
    tls: options.web?.tls,
  }).catch(async (error: unknown) => {
    await dispatcher.close();
    throw error;
  });
  const close = async () => {
    await server.close();
    await dispatcher.close();
  };
  return { ...server, close, [Symbol.asyncDispose]: close };
}
