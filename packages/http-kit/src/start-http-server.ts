import { createServer as createHttpServer, type Server, type ServerOptions } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { TlsOptions } from "node:tls";
import { TrainwatchError } from "@trainwatch/cli-kit";
import type { Express } from "express";

/** A listening HTTP server; stop it with `close()` or `await using`. */
export interface HttpServer extends AsyncDisposable {
  /** Its base URL, e.g. `http://127.0.0.1:9400` (an IPv6 host in brackets). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * What a slow or stalled client is given: its headers within 10 s, its whole request within
 * 30 s (checked every second), an idle kept-alive connection 5 s; then the socket is closed.
 * Node's defaults (60 s, 300 s, checked every 30 s) let a few slow clients hold a server's
 * sockets for minutes.
 */
export const serverTimeouts = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  connectionsCheckingInterval: 1_000,
  keepAliveTimeout: 5_000,
} as const satisfies ServerOptions;

/**
 * Starts `app` on `host:port` (port 0 picks a free one), over HTTPS when `tls` is given (e.g.
 * `readWebConfig(file).tls`), with {@link serverTimeouts}.
 *
 * @throws TrainwatchError("port_in_use") naming the address when the port is taken.
 */
export async function startHttpServer(
  app: Express,
  {
    host = "127.0.0.1",
    port,
    tls,
    timeouts,
  }: {
    host?: string;
    port: number;
    tls?: TlsOptions;
    /** Overrides of {@link serverTimeouts} (ms). */
    timeouts?: Partial<Record<keyof typeof serverTimeouts, number>>;
  },
): Promise<HttpServer> {
  const limits = { ...serverTimeouts, ...timeouts };
  const server: Server = await new Promise((resolve, reject) => {
    const s = (
      tls ? createHttpsServer({ ...limits, ...tls }, app) : createHttpServer(limits, app)
    ).listen(port, host);
    s.once("listening", () => resolve(s));
    s.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new TrainwatchError(
            "port_in_use",
            `${host}:${port} is already in use: choose another port, or 0 for a free one`,
            { cause: error },
          ),
        );
      } else reject(error);
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const scheme = tls ? "https" : "http";
  return {
    url: `${scheme}://${shownHost}:${bound}`,
    port: bound,
    close,
    [Symbol.asyncDispose]: close,
  };
}
