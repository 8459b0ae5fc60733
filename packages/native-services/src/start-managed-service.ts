import { type ClientTls, createHttpsProbe } from "./create-https-probe.js";
import type { BinaryInfo } from "./describe-binary.js";
import { type Netns, resolveAddress, type ServiceAddress } from "./resolve-address.js";
import type { ServiceHandle } from "./service-handle.js";
import { startService } from "./start-service.js";

/** Where a managed service runs; every start function takes these fields. */
export interface ServicePlacement {
  /** The address it listens on (default loopback). */
  readonly host?: string;
  /** Default: a free port (in a network namespace, the caller names it). */
  readonly port?: number;
  /** Run it in this network namespace (`ip netns exec`); its URL then uses the namespace's address. */
  readonly netns?: Netns;
  /** Let it outlive this process (`trainwatch up --detach`). */
  readonly detached?: boolean;
  /**
   * It serves HTTPS (its command passes it the certificate): its URL is `https://…`, and its
   * readiness is probed trusting this CA, with this client certificate.
   */
  readonly tls?: ClientTls;
}

/** The program a managed service runs once its address is chosen. */
export interface ServiceCommand {
  readonly binary: string;
  /** What is known of `binary` (version, origin), passed on in the handle. */
  readonly binaryInfo?: BinaryInfo;
  readonly args: readonly string[];
  /** Variables added to its environment (secrets go here, never in args). */
  readonly env?: Readonly<Record<string, string>>;
  /** Also copy its output to this process's stdout. */
  readonly echo?: boolean;
}

/**
 * A managed service as data: a native binary (Prometheus, Thanos, …) or a Node service (a
 * trainer, the viewer, …), told apart only by the command it runs.
 */
export interface ManagedService {
  /** Its name in logs, errors and the stack's state, e.g. `prometheus`. */
  readonly name: string;
  /** The flag that chose its port, named when that port is taken, e.g. `--prometheus-port`. */
  readonly portFlag: string;
  /** Path polled until it answers 200, e.g. `/-/ready` or `/healthz`. */
  readonly readyPath: string;
  /** stdout and stderr go here (appended). */
  readonly logFile: string;
  /** The program and its arguments for the address chosen. */
  command(address: ServiceAddress): ServiceCommand | Promise<ServiceCommand>;
}

/**
 * Starts any managed service where `placement` says: chooses its address (one place for every
 * service), asks the service for its command there, starts it and waits until it is ready.
 *
 * @throws TrainwatchError("port_in_use") naming `portFlag` when the given port is taken.
 */
export async function startManagedService(
  service: ManagedService,
  placement: ServicePlacement,
): Promise<ServiceHandle> {
  const address = await resolveAddress(placement, service.portFlag);
  const command = await service.command(address);
  const { tls } = placement;
  const url = tls ? address.url.replace(/^http:/, "https:") : address.url;
  return startService({
    name: service.name,
    ...command,
    url,
    ...(tls && { isReady: createHttpsProbe(`${url}${service.readyPath}`, tls) }),
    port: address.port,
    readyPath: service.readyPath,
    logFile: service.logFile,
    detached: placement.detached,
    netns: placement.netns?.name,
  });
}
