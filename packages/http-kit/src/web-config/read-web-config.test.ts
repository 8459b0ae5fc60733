import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readWebConfig, webConfigAuth } from "./read-web-config.js";

const hash = "$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG";

/** A folder with web.yml holding `text`, and two PEM files beside it. */
function webYml(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "web-config-"));
  writeFileSync(join(dir, "server.crt"), "-----BEGIN CERTIFICATE-----\nserver\n");
  writeFileSync(join(dir, "server.key"), "-----BEGIN PRIVATE KEY-----\nkey\n");
  writeFileSync(join(dir, "ca.crt"), "-----BEGIN CERTIFICATE-----\nca\n");
  writeFileSync(join(dir, "web.yml"), text);
  return join(dir, "web.yml");
}

describe("readWebConfig", () => {
  it("reads TLS with client certificates, headers and basic auth users, files beside web.yml", () => {
    const file = webYml(
      [
        "tls_server_config:",
        "  cert_file: server.crt",
        "  key_file: server.key",
        "  client_auth_type: RequireAndVerifyClientCert",
        "  client_ca_file: ca.crt",
        "  min_version: TLS13",
        "  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]",
        "  curve_preferences: [X25519, CurveP256]",
        "http_server_config:",
        "  headers:",
        "    X-Frame-Options: deny",
        "basic_auth_users:",
        `  alice: "${hash}"`,
      ].join("\n"),
    );
    const { config, tls } = readWebConfig(file);
    expect(tls).toEqual({
      cert: "-----BEGIN CERTIFICATE-----\nserver\n",
      key: "-----BEGIN PRIVATE KEY-----\nkey\n",
      ca: "-----BEGIN CERTIFICATE-----\nca\n",
      minVersion: "TLSv1.3",
      maxVersion: "TLSv1.3",
      honorCipherOrder: true,
      ciphers: "ECDHE-RSA-AES128-GCM-SHA256",
      ecdhCurve: "X25519:P-256",
      requestCert: true,
      rejectUnauthorized: true,
    });
    expect(config.basic_auth_users).toEqual({ alice: hash });
    expect(config.http_server_config?.headers).toEqual({ "X-Frame-Options": "deny" });
  });

  it("serves plain HTTP without tls_server_config, and reads an empty file as no settings", () => {
    expect(readWebConfig(webYml(`basic_auth_users:\n  bob: "${hash}"\n`)).tls).toBeUndefined();
    expect(readWebConfig(webYml("")).config).toEqual({});
  });

  it("names every bad field with its value, as one usage error", () => {
    const file = webYml(
      [
        "tls_server_config:",
        "  cert_file: server.crt",
        "  client_auth_type: RequireClientCert",
        "  min_version: TLS14",
        "  cipher_suites: [RC4]",
        "http_server_config:",
        "  headers:",
        "    X-Powered-By: trainwatch",
        "basic_auth_users:",
        "  alice: hunter2",
        "tls_config: {}",
      ].join("\n"),
    );
    let message = "";
    try {
      readWebConfig(file);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")[0]).toBe(`--web.config.file ${file}: 6 problems:`);
    for (const line of [
      'tls_server_config.client_auth_type: expected one of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert (got "RequireClientCert")',
      'tls_server_config.min_version: expected TLS10, TLS11, TLS12 or TLS13 (got "TLS14")',
      "tls_server_config.cipher_suites.0: expected Go cipher suite names:",
      'http_server_config.headers: Unrecognized key: "X-Powered-By"',
      "basic_auth_users.alice: expected a bcrypt hash",
      '  - Unrecognized key: "tls_config"',
    ])
      expect(message).toContain(line);
  });

  it("checks what only makes sense together: a CA and a policy that verifies, one cert source", () => {
    const problems = (lines: string[]) => {
      try {
        readWebConfig(webYml(["tls_server_config:", ...lines.map((l) => `  ${l}`)].join("\n")));
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(
      problems(["cert_file: server.crt", "key_file: server.key", "client_ca_file: ca.crt"]),
    ).toContain("tls_server_config.client_auth_type: a client CA is given but never used");
    expect(
      problems([
        "cert_file: server.crt",
        "key_file: server.key",
        "client_auth_type: RequireAndVerifyClientCert",
      ]),
    ).toContain(
      "tls_server_config.client_ca_file: client_auth_type RequireAndVerifyClientCert needs client_ca_file or client_ca",
    );
    expect(problems(["cert: inline", "cert_file: server.crt", "key_file: server.key"])).toContain(
      "tls_server_config.cert_file: set cert (inline PEM) or cert_file, not both",
    );
    expect(
      problems(["cert_file: server.crt", "key_file: server.key", "client_allowed_sans: [trainer]"]),
    ).toContain(
      "tls_server_config.client_allowed_sans: needs client_auth_type RequireAnyClientCert",
    );
    expect(problems(["cert_file: server.crt"])).toContain(
      "tls_server_config.key_file: expected a key: key_file or key",
    );
    expect(problems(["cert_file: missing.crt", "key_file: server.key"])).toContain(
      "tls_server_config.cert_file: ENOENT",
    );
  });
});

describe("webConfigAuth", () => {
  const bearer = { kind: "bearer", token: "a-token-of-16-chars" } as const;

  it("takes web.yml's users, else the environment's auth, and refuses both at once", () => {
    const withUsers = readWebConfig(webYml(`basic_auth_users:\n  bob: "${hash}"\n`));
    const withoutUsers = readWebConfig(webYml("http_server_config: {}\n"));
    expect(webConfigAuth(withUsers)).toEqual({ kind: "users", users: { bob: hash } });
    expect(webConfigAuth(withoutUsers, bearer)).toEqual(bearer);
    expect(webConfigAuth(undefined, bearer)).toEqual(bearer);
    expect(() => webConfigAuth(withUsers, bearer)).toThrow(
      `--web.config.file ${withUsers.file} lists basic_auth_users and the environment sets bearer auth too: keep one of them`,
    );
  });
});
