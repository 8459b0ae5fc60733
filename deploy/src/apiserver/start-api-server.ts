import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServiceHandle, startService } from "@trainwatch/native-services";
import getPort from "get-port";

/** An answer of the API server: status and body text. */
export interface ApiResponse {
  readonly status: number;
  readonly body: string;
}

export interface ApiServerOptions {
  readonly apiServer: string;
  readonly etcd: string;
  /** The address it listens on and advertises (default 127.0.0.1), and its port (default: free). */
  readonly address?: string;
  readonly port?: number;
  /** Where its keys, certificates, etcd data and logs go (default: a fresh temporary folder). */
  readonly dir?: string;
  /** More flags, e.g. for a cluster whose kubelets it reaches. */
  readonly extraArgs?: readonly string[];
}

/** A running API server (over its own etcd), and a client for it. */
export interface ApiServer extends AsyncDisposable {
  readonly url: string;
  /** A bearer token of `system:masters`. */
  readonly token: string;
  /** The CA of its self-signed serving certificate (PEM file). */
  readonly caFile: string;
  /** Its signing key for service-account tokens (PEM file), for the controller manager. */
  readonly serviceAccountKeyFile: string;
  call(method: string, path: string, body?: string, contentType?: string): Promise<ApiResponse>;
  stop(): Promise<void>;
}

/**
 * Starts etcd and the Kubernetes API server (self-signed serving certificate, a static admin
 * token, RBAC), and resolves once `/readyz` answers ok. Alone, nothing runs the objects it stores:
 * no kubelet, scheduler or controller; the harness's throwaway cluster adds them.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const address = options.address ?? "127.0.0.1";
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "trainwatch-apiserver-"));
  mkdirSync(dir, { recursive: true });
  const [client, peer] = [await getPort(), await getPort()];
  const secure = options.port ?? (await getPort());
  const token = randomBytes(16).toString("hex");
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const serviceAccountKeyFile = join(dir, "sa.key");
  writeFileSync(serviceAccountKeyFile, privateKey.export({ type: "pkcs1", format: "pem" }));
  writeFileSync(join(dir, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
  writeFileSync(join(dir, "tokens.csv"), `${token},admin,admin,system:masters\n`);
  mkdirSync(join(dir, "certs"), { recursive: true });
  const caFile = join(dir, "certs", "apiserver.crt");
  const url = `https://${address}:${secure}`;
  let ca: Buffer | undefined;
  const call = (method: string, path: string, body?: string, contentType = "application/json") =>
    new Promise<ApiResponse>((resolve, reject) => {
      ca ??= readFileSync(caFile);
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
  const started: ServiceHandle[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop(10_000);
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    started.push(
      await startService({
        name: "etcd",
        binary: options.etcd,
        args: [
          `--data-dir=${join(dir, "etcd")}`,
          `--listen-client-urls=http://127.0.0.1:${client}`,
          `--advertise-client-urls=http://127.0.0.1:${client}`,
          `--listen-peer-urls=http://127.0.0.1:${peer}`,
          `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
          `--initial-cluster=default=http://127.0.0.1:${peer}`,
        ],
        url: `http://127.0.0.1:${client}`,
        port: client,
        readyPath: "/health",
        logFile: join(dir, "etcd.log"),
      }),
    );
    started.push(
      await startService({
        name: "kube-apiserver",
        binary: options.apiServer,
        args: [
          `--etcd-servers=http://127.0.0.1:${client}`,
          `--bind-address=${address}`,
          `--advertise-address=${address}`,
          `--secure-port=${secure}`,
          `--cert-dir=${join(dir, "certs")}`,
          `--service-account-key-file=${join(dir, "sa.pub")}`,
          `--service-account-signing-key-file=${serviceAccountKeyFile}`,
          "--service-account-issuer=https://kubernetes.default.svc",
          `--token-auth-file=${join(dir, "tokens.csv")}`,
          "--authorization-mode=RBAC",
          "--service-cluster-ip-range=10.96.0.0/16",
          ...(options.extraArgs ?? []),
        ],
        url,
        port: secure,
        readyPath: "/readyz",
        isReady: async () =>
          existsSync(caFile) &&
          (await call("GET", "/readyz").catch(() => ({ status: 0 }))).status === 200,
        logFile: join(dir, "apiserver.log"),
        readyTimeoutMs: 90_000,
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    token,
    caFile,
    serviceAccountKeyFile,
    call,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
