import { isIP } from "node:net";
import { join } from "node:path";
import { createLocalCa, writeServerWebConfig } from "@trainwatch/http-kit";
import type { ClientTls } from "@trainwatch/native-services";

/** Who holds a certificate in a stack with `--tls`: its servers, and the clients that call them. */
export type StackTlsName =
  | "trainer"
  | "gpu-collector"
  | "dashboards"
  | "alert-receiver"
  | "prometheus"
  | "alertmanager"
  | "trainwatch";

const usage = {
  trainer: "server",
  "gpu-collector": "server",
  dashboards: "server",
  // Alertmanager calls it; it calls the trainers' control port.
  "alert-receiver": "both",
  prometheus: "client",
  alertmanager: "client",
  // This CLI, for its readiness probes.
  trainwatch: "client",
} as const satisfies Record<StackTlsName, string>;

/** A stack's certificates (`trainwatch up --tls`): the CA, each server's web.yml, each client's files. */
export interface StackTls {
  readonly dir: string;
  readonly caFile: string;
  /** The web.yml a trainwatch server is started with (`--web.config.file`). */
  webConfigFile(server: "trainer" | "gpu-collector" | "dashboards" | "alert-receiver"): string;
  /** The CA to trust and `name`'s certificate to show. */
  client(name: StackTlsName): Required<ClientTls>;
}

/**
 * Makes a local CA in `dir` (0700; keys 0600) and a certificate for each part of a stack on
 * `host`, and writes each server's web.yml: HTTPS with verified client certificates required,
 * except the viewer's, which a browser opens without one.
 */
export function writeStackTls(dir: string, host: string): StackTls {
  // `--host` may be an address or a name (localhost): each goes in as what it is.
  const sans = [isIP(host) ? `IP:${host}` : `DNS:${host}`, "DNS:localhost"];
  const ca = createLocalCa(
    dir,
    Object.entries(usage).map(([name, use]) => ({
      name,
      sans: use === "client" ? [`DNS:${name}`] : [...sans, `DNS:${name}`],
      usage: use,
    })),
  );
  const webConfigFile = (server: StackTlsName) => {
    const file = join(dir, `web-${server}.yml`);
    writeServerWebConfig(
      file,
      {
        certFile: ca.certFile(server),
        keyFile: ca.keyFile(server),
        // A browser opens the viewer: no client certificate is asked for.
        ...(server !== "dashboards" && { clientCaFile: ca.caFile }),
      },
      "Written by trainwatch up --tls for this stack; exporter-toolkit's web.yml format.",
    );
    return file;
  };
  return {
    dir,
    caFile: ca.caFile,
    webConfigFile,
    client: (name) => ({
      caFile: ca.caFile,
      certFile: ca.certFile(name),
      keyFile: ca.keyFile(name),
    }),
  };
}
