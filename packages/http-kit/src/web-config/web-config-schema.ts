import { z } from "zod";

/** Go's `crypto/tls` cipher suite names (TLS ≤ 1.2) that web.yml takes, by their OpenSSL names. */
export const goCipherSuites: Readonly<Record<string, string>> = {
  TLS_RSA_WITH_AES_128_CBC_SHA: "AES128-SHA",
  TLS_RSA_WITH_AES_256_CBC_SHA: "AES256-SHA",
  TLS_RSA_WITH_AES_128_GCM_SHA256: "AES128-GCM-SHA256",
  TLS_RSA_WITH_AES_256_GCM_SHA384: "AES256-GCM-SHA384",
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: "ECDHE-ECDSA-AES128-SHA",
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: "ECDHE-ECDSA-AES256-SHA",
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: "ECDHE-RSA-AES128-SHA",
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: "ECDHE-RSA-AES256-SHA",
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: "ECDHE-ECDSA-AES128-GCM-SHA256",
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: "ECDHE-ECDSA-AES256-GCM-SHA384",
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: "ECDHE-RSA-AES128-GCM-SHA256",
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: "ECDHE-RSA-AES256-GCM-SHA384",
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: "ECDHE-ECDSA-CHACHA20-POLY1305",
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: "ECDHE-RSA-CHACHA20-POLY1305",
};

/** Go's `tls.CurveID` names, by Node's (OpenSSL's) curve names. */
export const goCurves: Readonly<Record<string, string>> = {
  CurveP256: "P-256",
  CurveP384: "P-384",
  CurveP521: "P-521",
  X25519: "X25519",
};

/** web.yml's TLS versions, by Node's names. */
export const tlsVersions = {
  TLS10: "TLSv1",
  TLS11: "TLSv1.1",
  TLS12: "TLSv1.2",
  TLS13: "TLSv1.3",
} as const;

/** Go's `tls.ClientAuthType` names, as web.yml's `client_auth_type` takes them. */
export const clientAuthTypes = [
  "NoClientCert",
  "RequestClientCert",
  "RequireAnyClientCert",
  "VerifyClientCertIfGiven",
  "RequireAndVerifyClientCert",
] as const;
export type ClientAuthType = (typeof clientAuthTypes)[number];

/** The response headers web.yml may set (exporter-toolkit's list). */
export const allowedHeaders = [
  "Content-Security-Policy",
  "X-Frame-Options",
  "X-Content-Type-Options",
  "X-XSS-Protection",
  "Strict-Transport-Security",
] as const;

const bcryptHash = z
  .string()
  .regex(
    /^\$2[aby]\$\d\d\$.{53}$/,
    "expected a bcrypt hash ($2y$10$…, e.g. from `htpasswd -nBC 10 \"\" | tr -d ':\\n'`)",
  );
const names = (table: Readonly<Record<string, string>>, what: string) =>
  z.string().refine((name) => name in table, {
    error: `expected ${what}: ${Object.keys(table).join(", ")}`,
  });
const version = z.enum(Object.keys(tlsVersions) as [keyof typeof tlsVersions], {
  error: "expected TLS10, TLS11, TLS12 or TLS13",
});

const tlsServerConfig = z
  .strictObject({
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    client_ca: z.string().min(1).optional(),
    cert_file: z.string().min(1).optional(),
    key_file: z.string().min(1).optional(),
    client_auth_type: z
      .enum(clientAuthTypes, { error: `expected one of ${clientAuthTypes.join(", ")}` })
      .default("NoClientCert"),
    client_ca_file: z.string().min(1).optional(),
    client_allowed_sans: z.array(z.string().min(1)).optional(),
    min_version: version.default("TLS12"),
    max_version: version.default("TLS13"),
    cipher_suites: z.array(names(goCipherSuites, "Go cipher suite names")).optional(),
    prefer_server_cipher_suites: z.boolean().default(true),
    curve_preferences: z.array(names(goCurves, "Go curve names")).optional(),
  })
  .superRefine((tls, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    for (const [inline, file] of [
      ["cert", "cert_file"],
      ["key", "key_file"],
      ["client_ca", "client_ca_file"],
    ] as const) {
      if (tls[inline] !== undefined && tls[file] !== undefined)
        issue(file, `set ${inline} (inline PEM) or ${file}, not both`);
    }
    if ((tls.cert ?? tls.cert_file) === undefined)
      issue("cert_file", "expected a certificate: cert_file or cert");
    if ((tls.key ?? tls.key_file) === undefined)
      issue("key_file", "expected a key: key_file or key");
    const verifies = ["VerifyClientCertIfGiven", "RequireAndVerifyClientCert"].includes(
      tls.client_auth_type,
    );
    const hasCa = (tls.client_ca ?? tls.client_ca_file) !== undefined;
    if (verifies && !hasCa)
      issue(
        "client_ca_file",
        `client_auth_type ${tls.client_auth_type} needs client_ca_file or client_ca`,
      );
    if (hasCa && !verifies)
      issue(
        "client_auth_type",
        "a client CA is given but never used: set client_auth_type to RequireAndVerifyClientCert (or VerifyClientCertIfGiven)",
      );
    if (
      tls.client_allowed_sans !== undefined &&
      !["RequireAnyClientCert", "RequireAndVerifyClientCert"].includes(tls.client_auth_type)
    )
      issue(
        "client_allowed_sans",
        "needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert (the others let a client in without a certificate)",
      );
    const order = Object.keys(tlsVersions);
    if (order.indexOf(tls.min_version) > order.indexOf(tls.max_version))
      issue("max_version", `expected at least min_version (${tls.min_version})`);
  });

const duration = z
  .string()
  .regex(/^(\d+(ms|s|m|h))+$|^0$/, "expected a duration such as 100ms, 1s or 0");

/** exporter-toolkit's web configuration file (web.yml), as every trainwatch server reads it. */
export const webConfigSchema = z.strictObject({
  tls_server_config: tlsServerConfig.optional(),
  http_server_config: z
    .strictObject({
      http2: z.boolean().default(true),
      headers: z
        .partialRecord(
          z.enum(allowedHeaders, { error: `expected one of ${allowedHeaders.join(", ")}` }),
          z.string(),
        )
        .superRefine((headers, ctx) => {
          const frame = headers["X-Frame-Options"];
          if (frame !== undefined && !/^(deny|sameorigin)$/i.test(frame))
            ctx.addIssue({
              code: "custom",
              path: ["X-Frame-Options"],
              message: "expected deny or sameorigin",
            });
          const sniff = headers["X-Content-Type-Options"];
          if (sniff !== undefined && sniff.toLowerCase() !== "nosniff")
            ctx.addIssue({
              code: "custom",
              path: ["X-Content-Type-Options"],
              message: "expected nosniff",
            });
        })
        .optional(),
    })
    .optional(),
  basic_auth_users: z.record(z.string().min(1), bcryptHash).nullish(),
  rate_limit: z.strictObject({ interval: duration, burst: z.number().int().min(0) }).optional(),
});

/** A validated web.yml. */
export type WebConfig = z.output<typeof webConfigSchema>;
