import {
  type ServiceHandle,
  startThanosQuery,
  startThanosReceive,
} from "@trainwatch/native-services";
import getPort from "get-port";

/** The benchmark's store: where agents remote-write, the Query to ask, what to scrape of it. */
export interface BenchStore {
  readonly remoteWriteUrl: string;
  readonly query: ServiceHandle;
  /** Every component's HTTP address, for the agents to scrape (job `store`). */
  readonly components: readonly string[];
}

/**
 * Starts the distributed store on loopback, as `up --nodes` lays it out: two Thanos receivers
 * holding every series, a router in front (replication factor 2) and Thanos Query over both.
 * Each service goes to `keep` as soon as it runs, so a later failure can stop it.
 */
export async function startBenchStore(
  dir: string,
  keep: (service: ServiceHandle) => ServiceHandle,
): Promise<BenchStore> {
  const host = "127.0.0.1";
  const port = () => getPort({ host });
  const ingesters: string[] = [];
  const components: string[] = [];
  for (const name of ["storage-0", "storage-1"]) {
    const grpc = await port();
    const receiver = keep(
      await startThanosReceive({
        name,
        dir,
        ports: { host, http: await port(), grpc },
        remoteWritePort: await port(),
        replicationPort: await port(),
        role: { kind: "ingest" },
      }),
    );
    ingesters.push(`${host}:${grpc}`);
    components.push(`${host}:${receiver.port}`);
  }
  const remoteWrite = await port();
  const router = keep(
    await startThanosReceive({
      name: "router",
      dir,
      ports: { host, http: await port(), grpc: await port() },
      remoteWritePort: remoteWrite,
      replicationPort: await port(),
      role: { kind: "route", ingesters, replicationFactor: 2 },
    }),
  );
  const query = keep(
    await startThanosQuery({
      name: "query",
      dir,
      ports: { host, http: await port(), grpc: await port() },
      stores: ingesters,
      replicaLabels: ["receive_replica"],
    }),
  );
  components.push(`${host}:${router.port}`, `${host}:${query.port}`);
  return { remoteWriteUrl: `http://${host}:${remoteWrite}/api/v1/receive`, query, components };
}
