import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@trainwatch/cli-kit";
import {
  createMetricsApp,
  registerDefaultMetrics,
  renderMetrics,
  renderScrape,
  startOtlpPusher,
} from "@trainwatch/exporter";
import { Gauge, Registry } from "prom-client";
import { defineBenchmark, round } from "./benchmark.js";
import { type Figure, figure, interleave } from "./stats.js";
import { trainerRegistry, trainingRegistry } from "./trainer-registry.js";

/** A registry of one gauge family with `series` label sets. */
function gaugeRegistry(series: number): Registry {
  const registry = new Registry();
  const gauge = new Gauge({
    name: "bench_value",
    help: "Benchmark series.",
    labelNames: ["job", "task", "i"],
    registers: [registry],
  });
  for (let i = 0; i < series; i++)
    gauge.set({ job: "bench", task: `worker-${i % 64}`, i: String(i) }, i);
  return registry;
}

async function ms(render: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await render();
  return performance.now() - start;
}

/**
 * The longest event-loop stall (ms) one render causes: how late a timer due at once fires when
 * the render starts right after it (the render never yields, so it blocks for its whole length).
 */
async function stall(render: () => Promise<unknown>, rounds = 5): Promise<number> {
  let worst = 0;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const fired = new Promise<number>((resolve) =>
      setTimeout(() => resolve(performance.now() - start), 0),
    );
    await render();
    worst = Math.max(worst, await fired);
  }
  return worst;
}

export interface ExpositionResult {
  readonly series: { trainer: number };
  readonly trainer: Figure;
  /** The trainer's render in parts: trainwatch's training series alone, prom-client's process metrics alone. */
  readonly trainerParts: Record<"training" | "process", Figure>;
  readonly ours: Record<"1k" | "10k", Figure>;
  readonly plain: Record<"1k" | "10k", Figure>;
  /** The same registries rendered in Prometheus' protobuf format, and its size against the text's. */
  readonly protobuf: Record<"trainer" | "10k", Figure>;
  readonly bytes10k: { readonly text: number; readonly protobuf: number };
  /** One interval's delivery of the trainer's registry over loopback: a scrape (text) and an OTLP push. */
  readonly delivery: Record<"scrape" | "push", { readonly time: Figure; readonly bytes: number }>;
  readonly stallMs10k: number;
}

/**
 * One interval's delivery of `registry` on loopback, both ways, interleaved: a scrape (GET
 * /metrics, text) answered by the exporter's app, and an OTLP push (the OpenTelemetry SDK's
 * export, protobuf) to a server that accepts it; the time until the answer, and the bytes sent.
 */
async function benchDelivery(registry: Registry): Promise<ExpositionResult["delivery"]> {
  const app = createServer(createMetricsApp({ registry }));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  let pushed = 0;
  const sink = createServer((req, res) => {
    let bytes = 0;
    req.on("data", (chunk: Buffer) => (bytes += chunk.length));
    req.on("end", () => {
      pushed = bytes;
      res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const pusher = startOtlpPusher({
    url: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/v1/metrics`,
    intervalSeconds: 3600,
    registry,
    job: "bench",
    task: "worker-0",
    instance: "127.0.0.1:9400",
    logger: createLogger("bench"),
  });
  let scraped = 0;
  const scrape = async () => {
    scraped = (await (await fetch(`${appUrl}/metrics`)).arrayBuffer()).byteLength;
  };
  try {
    for (let i = 0; i < 10; i++) await Promise.all([scrape(), pusher.flush()]); // warm-up
    const [scrapes, pushes] = await interleave(
      50,
      () => ms(scrape),
      () => ms(() => pusher.flush()),
    );
    return {
      scrape: { time: figure(scrapes), bytes: scraped },
      push: { time: figure(pushes), bytes: pushed },
    };
  } finally {
    await pusher.shutdown();
    await new Promise((resolve) => app.close(resolve));
    await new Promise((resolve) => sink.close(resolve));
  }
}

/**
 * Time of one /metrics render through the exporter (renderMetrics) of what a trainer's metrics
 * thread renders (trainerRegistry), and of 1k and 10k gauge series beside plain prom-client
 * rendering the same registry.
 */
export async function benchExposition(): Promise<ExpositionResult> {
  const trainer = await trainerRegistry();
  const seriesCount = (await trainer.metrics())
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#")).length;
  for (let i = 0; i < 10; i++) await renderMetrics(trainer); // warm-up
  const trainerTimes: number[] = [];
  for (let i = 0; i < 50; i++) trainerTimes.push(await ms(() => renderMetrics(trainer)));
  const training = trainingRegistry();
  const processOnly = new Registry();
  registerDefaultMetrics(processOnly, "process");
  for (let i = 0; i < 10; i++)
    await Promise.all([renderMetrics(training), renderMetrics(processOnly)]);
  const [trainingTimes, processTimes] = await interleave(
    50,
    () => ms(() => renderMetrics(training)),
    () => ms(() => renderMetrics(processOnly)),
  );
  const ours = {} as Record<"1k" | "10k", Figure>;
  const plain = {} as Record<"1k" | "10k", Figure>;
  for (const [key, n] of [
    ["1k", 1_000],
    ["10k", 10_000],
  ] as const) {
    const registry = gaugeRegistry(n);
    await renderMetrics(registry); // warm-up
    const [a, b] = await interleave(
      9,
      () => ms(() => renderMetrics(registry)),
      () => ms(() => registry.metrics()),
    );
    ours[key] = figure(a);
    plain[key] = figure(b);
  }
  // Text against protobuf, interleaved, on the trainer's registry and at 10k series.
  const tenK = gaugeRegistry(10_000);
  const protobuf = {} as Record<"trainer" | "10k", Figure>;
  for (const [key, registry, rounds] of [
    ["trainer", trainer, 50],
    ["10k", tenK, 9],
  ] as const) {
    await renderScrape(registry, "protobuf"); // warm-up
    const [proto] = await interleave(
      rounds,
      () => ms(() => renderScrape(registry, "protobuf")),
      () => ms(() => renderMetrics(registry)),
    );
    protobuf[key] = figure(proto);
  }
  const bytes10k = {
    text: Buffer.byteLength((await renderMetrics(tenK)).body),
    protobuf: (await renderScrape(tenK, "protobuf")).body.length,
  };
  return {
    series: { trainer: seriesCount },
    delivery: await benchDelivery(trainer),
    trainer: figure(trainerTimes),
    trainerParts: { training: figure(trainingTimes), process: figure(processTimes) },
    ours,
    plain,
    protobuf,
    bytes10k,
    stallMs10k: await stall(() => renderMetrics(tenK)),
  };
}

/** Rendering /metrics at a trainer's series, and at 1k and 10k, against plain prom-client. */
export const expositionBenchmark = defineBenchmark({
  title: "exposition: /metrics render at the trainer's series, 1k and 10k",
  run: benchExposition,
  report(expo, out) {
    out.figure(
      "scrape_ms_trainer",
      expo.trainer,
      "ms",
      `${expo.series.trainer} series; target < 1 ms`,
    );
    out.figure(
      "scrape_ms_trainer_training",
      expo.trainerParts.training,
      "ms",
      "its training series alone (trainwatch)",
    );
    out.figure(
      "scrape_ms_trainer_process",
      expo.trainerParts.process,
      "ms",
      "its process metrics alone (prom-client's, as the metrics thread reads them)",
    );
    out.figure("scrape_ms_1k", expo.ours["1k"], "ms");
    out.figure("scrape_ms_1k_plain", expo.plain["1k"], "ms", "plain prom-client");
    out.figure("scrape_ms_10k", expo.ours["10k"], "ms");
    out.figure("scrape_ms_10k_plain", expo.plain["10k"], "ms", "plain prom-client");
    out.figure(
      "scrape_ms_trainer_protobuf",
      expo.protobuf.trainer,
      "ms",
      "the trainer's registry in protobuf (native histogram included)",
    );
    out.figure("scrape_ms_10k_protobuf", expo.protobuf["10k"], "ms", "10k series in protobuf");
    out.value(
      "scrape_protobuf_text_ratio_10k",
      round(expo.protobuf["10k"].median / expo.ours["10k"].median),
    );
    out.value("scrape_bytes_10k_text", expo.bytes10k.text);
    out.value("scrape_bytes_10k_protobuf", expo.bytes10k.protobuf);
    out.row(
      `scrape_protobuf_text_ratio_10k ${round(expo.protobuf["10k"].median / expo.ours["10k"].median)} (protobuf ÷ text render time); bytes ${expo.bytes10k.protobuf} ÷ ${expo.bytes10k.text}`,
    );
    out.figure(
      "delivery_ms_scrape",
      expo.delivery.scrape.time,
      "ms",
      `a scrape of the trainer on loopback, ${expo.delivery.scrape.bytes} bytes (text)`,
    );
    out.figure(
      "delivery_ms_otlp",
      expo.delivery.push.time,
      "ms",
      `an OTLP push of the same, ${expo.delivery.push.bytes} bytes (protobuf)`,
    );
    out.value("delivery_bytes_scrape", expo.delivery.scrape.bytes);
    out.value("delivery_bytes_otlp", expo.delivery.push.bytes);
    out.value("scrape_series_trainer", expo.series.trainer);
    out.value("render_stall_ms_10k", round(expo.stallMs10k));
    out.row(
      `render_stall_ms_10k ${round(expo.stallMs10k)} (longest event-loop stall while rendering 10k series)`,
    );
  },
});
