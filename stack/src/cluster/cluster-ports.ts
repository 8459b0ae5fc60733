/**
 * The ports inside each namespace: a namespace has its own, so they are fixed (the store's
 * services answer at the store's address, each node's at the node's).
 */
export const clusterPorts = {
  query: { http: 9090, grpc: 10901 },
  pushgateway: 9091,
  storeAgent: 9092,
  alertmanagers: [
    { http: 9093, gossip: 9094 },
    { http: 9193, gossip: 9194 },
  ],
  receiver: 9095,
  router: { http: 10908, grpc: 10907, remoteWrite: 19291, replication: 19391 },
  storage: [
    { http: 11902, grpc: 11901, remoteWrite: 11908, replication: 11909 },
    { http: 12902, grpc: 12901, remoteWrite: 12908, replication: 12909 },
  ],
  rule: { http: 10912, grpc: 10911 },
  node: { agent: 9090, gpuCollector: 9401, firstTrainer: 9410 },
} as const;

/** `node-1` gets worker-0, `node-2` worker-1, …: workers spread evenly, in turn. */
export const nodeOfWorker = (index: number, nodes: number) => `node-${(index % nodes) + 1}`;
