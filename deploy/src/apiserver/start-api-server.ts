import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "@trainwatch/cli-kit";
import getPort from "get-port";

/** An answer of the API server: status and body text. */
export interface ApiResponse {
  readonly status: number;
  readonly body: string;
}

/** A running API server (over its own etcd), and a client for it. */
export interface ApiServer extends AsyncDisposable {
  readonly url: string;
  call(method: string, path: string, body?: string, contentType?: string): Promise<ApiResponse>;
  stop(): Promise<void>;
}

const stopProcess = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });

/**
 * Starts etcd and the Kubernetes API server on loopback (self-signed serving certificate, a
 * static admin token, RBAC), and resolves once `/readyz` answers ok. No kubelet, scheduler or
 * controller runs: objects are stored and validated, never run.
 */
export async function startApiServer(binaries: {
  apiServer: string;
  etcd: string;
}): Promise<ApiServer> {
  const dir = mkdtempSync(join(tmpdir(), "trainwatch-apiserver-"));
  const [client, peer, secure] = [await getPort(), await getPort(), await getPort()];
  const token = randomBytes(16).toString("hex");
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  writeFileSync(join(dir, "sa.key"), privateKey.export({ type: "pkcs1", format: "pem" }));
  writeFileSync(join(dir, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
  writeFileSync(join(dir, "tokens.csv"), `${token},admin,admin,system:masters\n`);
  mkdirSync(join(dir, "certs"));
  const log = (name: string) => openSync(join(dir, `${name}.log`), "a");
  const etcd = spawn(
    binaries.etcd,
    [
      `--data-dir=${join(dir, "etcd")}`,
      `--listen-client-urls=http://127.0.0.1:${client}`,
      `--advertise-client-urls=http://127.0.0.1:${client}`,
      `--listen-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-cluster=default=http://127.0.0.1:${peer}`,
    ],
    { stdio: ["ignore", log("etcd"), log("etcd")] },
  );
  const apiServer = spawn(
    binaries.apiServer,
    [
      `--etcd-servers=http://127.0.0.1:${client}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${secure}`,
      `--cert-dir=${join(dir, "certs")}`,
      `--service-account-key-file=${join(dir, "sa.pub")}`,
      `--service-account-signing-key-file=${join(dir, "sa.key")}`,
      "--service-account-issuer=https://kubernetes.default.svc",
      `--token-auth-file=${join(dir, "tokens.csv")}`,
      "--authorization-mode=RBAC",
      "--service-cluster-ip-range=10.96.0.0/16",
    ],
    { stdio: ["ignore", log("apiserver"), log("apiserver")] },
  );
  const url = `https://127.0.0.1:${secure}`;
  let ca: Buffer | undefined;
  const call = (method: string, path: string, body?: string, contentType = "application/json") =>
    new Promise<ApiResponse>((resolve, reject) => {
      ca ??= readFileSync(join(dir, "certs", "apiserver.crt"));
      const req = request(
        `${url}${path}`,
        {
          method,
          ca,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...(body !== undefined && { "content-type": contentType }),
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => {
            text += chunk;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const stop = async () => {
    await stopProcess(apiServer);
    await stopProcess(etcd);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (apiServer.exitCode !== null || etcd.exitCode !== null)
          throw new Error(
            `the API server or etcd exited: ${readFileSync(join(dir, "apiserver.log"), "utf8").split("\n").slice(-5).join("\n")}`,
          );
        return (await call("GET", "/readyz").catch(() => ({ status: 0 }))).status === 200;
      },
      { what: "the Kubernetes API server to be ready", timeoutMs: 90_000, intervalMs: 500 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, call, stop, [Symbol.asyncDispose]: stop };
}
