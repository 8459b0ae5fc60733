import { writeFileSync } from "node:fs";

/** A server's certificate and key, and the CA its clients' certificates must chain to (if any). */
export interface ServerTlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** Clients must show a certificate this CA signed; absent: none is asked for (a browser's). */
  readonly clientCaFile?: string;
}

/**
 * Writes a web.yml (exporter-toolkit's format, what `--web.config.file` reads) that serves HTTPS
 * with `files`, TLS 1.2 at least, and requires a verified client certificate when a client CA is
 * given; mode 0600. `header` is its first comment: who wrote it.
 */
export function writeServerWebConfig(file: string, files: ServerTlsFiles, header: string): void {
  writeFileSync(
    file,
    [
      `# ${header}`,
      "tls_server_config:",
      `  cert_file: ${files.certFile}`,
      `  key_file: ${files.keyFile}`,
      ...(files.clientCaFile
        ? [
            "  client_auth_type: RequireAndVerifyClientCert",
            `  client_ca_file: ${files.clientCaFile}`,
          ]
        : ["  # No client certificate is asked for (a browser opens it)."]),
      "  min_version: TLS12",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
}
