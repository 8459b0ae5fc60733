import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { SecureContextOptions, TlsOptions } from "node:tls";
import { parseInput, TrainwatchError } from "@trainwatch/cli-kit";
import { parse } from "yaml";
import type { AuthConfig } from "../auth-config.js";
import {
  goCipherSuites,
  goCurves,
  tlsVersions,
  type WebConfig,
  webConfigSchema,
} from "./web-config-schema.js";

/** A web.yml read and checked, with its TLS settings as Node's server options. */
export interface LoadedWebConfig {
  readonly file: string;
  readonly config: WebConfig;
  /** For `https.createServer`; undefined without `tls_server_config` (plain HTTP). */
  readonly tls: (TlsOptions & SecureContextOptions) | undefined;
}

/**
 * Reads a web configuration file in exporter-toolkit's format (`--web.config.file`), checks every
 * field and reads the certificate files it names, relative to the file's own folder as
 * exporter-toolkit resolves them.
 *
 * @throws TrainwatchError("usage") naming the file and each bad field with its value.
 */
export function readWebConfig(file: string): LoadedWebConfig {
  const fail = (message: string, cause?: unknown): never => {
    throw new TrainwatchError("usage", `--web.config.file ${file}: ${message}`, { cause });
  };
  let document: unknown;
  try {
    document = parse(readFileSync(file, "utf8")) ?? {};
  } catch (error) {
    return fail((error as Error).message, error);
  }
  let config: WebConfig;
  try {
    config = parseInput(webConfigSchema, document, (path) => path.join("."));
  } catch (error) {
    return fail((error as Error).message, error);
  }
  const t = config.tls_server_config;
  if (!t) return { file, config, tls: undefined };
  const pem = (inline: string | undefined, path: string | undefined, field: string) => {
    if (inline !== undefined) return inline;
    if (path === undefined) return undefined;
    try {
      return readFileSync(resolve(dirname(file), path), "utf8");
    } catch (error) {
      return fail(`tls_server_config.${field}: ${(error as Error).message}`, error);
    }
  };
  const clientAuth = t.client_auth_type;
  const tls: TlsOptions & SecureContextOptions = {
    cert: pem(t.cert, t.cert_file, "cert_file"),
    key: pem(t.key, t.key_file, "key_file"),
    ca: pem(t.client_ca, t.client_ca_file, "client_ca_file"),
    minVersion: tlsVersions[t.min_version],
    maxVersion: tlsVersions[t.max_version],
    honorCipherOrder: t.prefer_server_cipher_suites,
    ...(t.cipher_suites && { ciphers: t.cipher_suites.map((c) => goCipherSuites[c]).join(":") }),
    ...(t.curve_preferences && {
      ecdhCurve: t.curve_preferences.map((c) => goCurves[c]).join(":"),
    }),
    // The other policies need a look at each request's certificate (see clientCertificatePolicy).
    requestCert: clientAuth !== "NoClientCert",
    rejectUnauthorized: clientAuth === "RequireAndVerifyClientCert",
  };
  return { file, config, tls };
}

/**
 * The auth a server applies: web.yml's `basic_auth_users` when it lists any, else `fallback` (the
 * `TRAINWATCH_*_TOKEN`/`_USER` variables, which keep working beside a web.yml without users).
 *
 * @throws TrainwatchError("usage") when both ask for auth: one source must own it.
 */
export function webConfigAuth(
  web: LoadedWebConfig | undefined,
  fallback: AuthConfig = { kind: "none" },
): AuthConfig {
  const users = web?.config.basic_auth_users ?? {};
  if (Object.keys(users).length === 0) return fallback;
  if (fallback.kind !== "none")
    throw new TrainwatchError(
      "usage",
      `--web.config.file ${web?.file} lists basic_auth_users and the environment sets ${fallback.kind} auth too: keep one of them`,
    );
  return { kind: "users", users };
}
