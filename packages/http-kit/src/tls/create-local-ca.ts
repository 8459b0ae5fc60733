import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TrainwatchError } from "@trainwatch/cli-kit";

/** A certificate to issue: its file name, the names it holds and what it may be used for. */
export interface CertificateRequest {
  /** File stem: `<name>.crt` and `<name>.key`; also the certificate's common name. */
  readonly name: string;
  /** Subject alternative names as openssl writes them, e.g. `IP:127.0.0.1`, `DNS:localhost`. */
  readonly sans: readonly string[];
  /** `server` for a listening server, `client` for a client certificate, `both` for a process that is both. */
  readonly usage: "server" | "client" | "both";
}

/** A local CA's folder: `ca.crt` to trust, and each issued `<name>.crt` with its `<name>.key`. */
export interface LocalCa {
  readonly dir: string;
  readonly caFile: string;
  certFile(name: string): string;
  keyFile(name: string): string;
}

const usages = { server: "serverAuth", client: "clientAuth", both: "serverAuth,clientAuth" };

/**
 * Makes a throwaway certificate authority in `dir` (created with mode 0700, every key 0600) with
 * openssl, and issues each requested certificate from it (P-256 keys, valid for `days`). For a
 * local stack or a test: a cluster gets its certificates from cert-manager instead.
 *
 * @throws TrainwatchError("missing_binary") when openssl is not installed.
 */
export function createLocalCa(
  dir: string,
  requests: readonly CertificateRequest[],
  { days = 30 }: { days?: number } = {},
): LocalCa {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const openssl = (...args: string[]) => {
    try {
      execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    } catch (error) {
      const { code, stderr } = error as { code?: string; stderr?: Buffer };
      if (code === "ENOENT")
        throw new TrainwatchError(
          "missing_binary",
          "openssl is not installed: install it to make TLS certificates (apt install openssl)",
          { cause: error },
        );
      throw new Error(`openssl ${args[0]} failed: ${String(stderr).trim()}`, { cause: error });
    }
  };
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...newKey,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    String(days),
    "-subj",
    "/CN=trainwatch local CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE,pathlen:0",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  );
  for (const { name, sans, usage } of requests) {
    openssl(
      "req",
      ...newKey,
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      `/CN=${name}`,
    );
    const ext = [
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature",
      `extendedKeyUsage=${usages[usage]}`,
      ...(sans.length > 0 ? [`subjectAltName=${sans.join(",")}`] : []),
    ];
    writeFileSync(join(dir, `${name}.ext`), `${ext.join("\n")}\n`);
    openssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      String(days),
      "-extfile",
      `${name}.ext`,
    );
    chmodSync(join(dir, `${name}.key`), 0o600);
  }
  chmodSync(join(dir, "ca.key"), 0o600);
  return {
    dir,
    caFile: join(dir, "ca.crt"),
    certFile: (name) => join(dir, `${name}.crt`),
    keyFile: (name) => join(dir, `${name}.key`),
  };
}
