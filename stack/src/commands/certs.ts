import { isIP } from "node:net";
import { join, resolve } from "node:path";
import { parseInput } from "@trainwatch/cli-kit";
import { type CertificateRequest, createLocalCa, writeServerWebConfig } from "@trainwatch/http-kit";
import type { Command } from "commander";
import { z } from "zod";

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "expected a name of lower-case letters, digits and dashes");
const host = z
  .string()
  .regex(/^[A-Za-z0-9.:-]+$/, "expected a host name or an IP address")
  .transform((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`));

const flagsSchema = z
  .object({
    dir: z.string().min(1, "expected a folder"),
    server: z.array(
      z
        .string()
        .transform((s) => {
          const at = s.indexOf("=");
          return at < 0
            ? { name: s, hosts: [s] }
            : { name: s.slice(0, at), hosts: s.slice(at + 1).split(",") };
        })
        .pipe(z.object({ name, hosts: z.array(host).min(1) })),
    ),
    client: z.array(name),
    days: z.coerce
      .number({ error: "expected a number of days" })
      .pipe(z.number().int().min(1).max(3650)),
  })
  .refine((f) => f.server.length + f.client.length > 0, {
    message: "name at least one --server or --client to make a certificate for",
    path: ["server"],
  });

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `trainwatch certs`: a local CA and certificates for servers and clients that do not have any
 * (the compose stack's `init` service with docker-compose.tls.yml; a trial across machines), and
 * each server's web.yml requiring clients to show one of them.
 */
export function registerCertsCommand(program: Command): void {
  program
    .command("certs")
    .description(
      "make a local CA, server and client certificates, and each server's web.yml (for --web.config.file)",
    )
    .requiredOption("--dir <folder>", "where to write them (made 0700; keys 0600)")
    .option(
      "--server <name=hosts>",
      "a server's certificate, for the comma-separated host names and addresses it is reached by (repeatable); also writes web-<name>.yml",
      collect,
      [],
    )
    .option(
      "--client <name>",
      "a client certificate (repeatable); a name that is also a --server gets one certificate for both",
      collect,
      [],
    )
    .option("--days <n>", "how long they are valid", "365")
    .addHelpText(
      "after",
      "\nExample (what docker-compose.tls.yml's init runs):\n  trainwatch certs --dir /run/trainwatch-tls --server trainer=trainer-0,trainer-1,localhost,127.0.0.1 \\\n    --client prometheus --client alertmanager\n\nFor a cluster, issue them from cert-manager instead (see docs/security.md).",
    )
    .action((flags: Record<string, unknown>) => {
      const config = parseInput(flagsSchema, flags);
      const dir = resolve(config.dir);
      const servers = new Map(config.server.map((s) => [s.name, s.hosts]));
      const clients = new Set(config.client);
      const requests: CertificateRequest[] = [
        ...[...servers].map(([n, sans]) => ({
          name: n,
          sans,
          usage: clients.has(n) ? ("both" as const) : ("server" as const),
        })),
        ...[...clients]
          .filter((n) => !servers.has(n))
          .map((n) => ({ name: n, sans: [`DNS:${n}`], usage: "client" as const })),
      ];
      const ca = createLocalCa(dir, requests, { days: config.days });
      for (const n of servers.keys())
        writeServerWebConfig(
          join(dir, `web-${n}.yml`),
          { certFile: ca.certFile(n), keyFile: ca.keyFile(n), clientCaFile: ca.caFile },
          `Written by trainwatch certs: ${n} serves HTTPS, and asks for a client certificate ${ca.caFile} signed.`,
        );
      console.log(
        `certs: a CA (${ca.caFile}) and ${requests.length} certificates in ${dir}, valid ${config.days} days\n${requests
          .map(
            (r) =>
              `  ${r.name}: ${r.usage === "client" ? "client" : r.usage === "both" ? "server and client" : "server"}${r.usage === "client" ? "" : ` for ${r.sans.join(", ")}; --web.config.file ${join(dir, `web-${r.name}.yml`)}`}`,
          )
          .join("\n")}`,
      );
    });
}
