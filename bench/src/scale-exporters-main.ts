#!/usr/bin/env node
// The simulated side of the scale benchmark, forked with an IPC channel: serves N trainers'
// series sets (trainerRegistry) at http://127.0.0.1:<port>/metrics/<i>, one Prometheus target
// each. Messages in: {targets: N} (grow to N; answers {port}), {measure: "start" | "stop"}
// (answers {cpuCores, rssBytes} for the time between the two).
import { createServer } from "node:http";
import { collectDefaultMetrics, Registry } from "prom-client";
import { trainingRegistry } from "./trainer-registry.js";

// Each target: its own training series, and the process series every trainer exports, which
// here are this one process's: collected once a second for all of them. Collecting them per
// target made this process the bottleneck (1 ms a scrape; about a core at 2,000 targets every
// 5 s), and the store's capacity unmeasurable on a small machine.
const registries: Registry[] = [];
const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });
let processText = { at: 0, text: Promise.resolve("") };
const processSeries = () => {
  if (performance.now() - processText.at > 1000)
    processText = { at: performance.now(), text: processRegistry.metrics() };
  return processText.text;
};
const server = createServer((request, response) => {
  const registry = registries[Number(/^\/metrics\/(\d+)$/.exec(request.url ?? "")?.[1] ?? -1)];
  if (!registry) {
    response.writeHead(404).end();
    return;
  }
  Promise.all([registry.metrics(), processSeries()]).then(
    ([own, shared]) =>
      response.writeHead(200, { "content-type": registry.contentType }).end(`${own}${shared}`),
    (error: Error) => response.writeHead(500).end(error.message),
  );
});
server.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const { port } = server.address() as { port: number };

let cpuAtStart = process.cpuUsage();
let startedAt = performance.now();
process.on("message", (message: { targets?: number; measure?: "start" | "stop" }) => {
  if (message.targets !== undefined) {
    while (registries.length < message.targets)
      registries.push(trainingRegistry("bench_scale", `worker-${registries.length}`));
    process.send?.({ port });
  } else if (message.measure === "start") {
    cpuAtStart = process.cpuUsage();
    startedAt = performance.now();
    process.send?.({ started: true });
  } else if (message.measure === "stop") {
    const cpu = process.cpuUsage(cpuAtStart);
    const seconds = (performance.now() - startedAt) / 1000;
    process.send?.({
      cpuCores: (cpu.user + cpu.system) / 1e6 / seconds,
      rssBytes: process.memoryUsage().rss,
    });
  }
});
process.on("disconnect", () => server.close(() => process.exit(0)));
