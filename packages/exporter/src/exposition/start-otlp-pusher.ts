import { type HrTime, ValueType } from "@opentelemetry/api";
import { ExportResultCode } from "@opentelemetry/core";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  type MetricData,
  type MetricProducer,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from "@opentelemetry/sdk-metrics";
import type { Logger } from "@trainwatch/cli-kit";
import type { Registry } from "prom-client";
import type { NativeHistogramValue } from "./native-histogram.js";
import { groupSeries, type MetricFamilyJson } from "./to-protobuf.js";

export interface OtlpPushOptions {
  /** The OTLP/HTTP metrics endpoint, e.g. Prometheus' `http://host:9090/api/v1/otlp/v1/metrics`. */
  readonly url: string;
  readonly intervalSeconds: number;
  readonly registry: Registry;
  /** The run's job and task: the resource's `service.name` and its `task` attribute. */
  readonly job: string;
  readonly task: string;
  /**
   * `service.instance.id`, which Prometheus makes the `instance` label: the address the trainer
   * serves /metrics and /control/stop at, as a scrape would label it, so the early-stop receiver
   * reaches a pushing trainer as it reaches a scraped one.
   */
  readonly instance: string;
  readonly logger: Logger;
}

export interface OtlpPusher {
  /** Exports now (the final state): whether the endpoint accepted it. */
  flush(): Promise<boolean>;
  shutdown(): Promise<void>;
}

const toHrTime = (ms: number): HrTime => [Math.floor(ms / 1000), (ms % 1000) * 1e6];

/** A data point's attributes: the series' labels but the run's, which the resource carries. */
function attributesOf(labels: MetricFamilyJson["values"][number]["labels"], without: string) {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels))
    if (value !== undefined && name !== "job" && name !== "task" && name !== without)
      attributes[name] = String(value);
  return attributes;
}

/** OTLP's exponential histogram from a native one: the same buckets, numbered one lower. */
function exponential(native: NativeHistogramValue) {
  const { buckets } = native;
  const first = buckets[0]?.index ?? 0;
  const counts = new Array<number>(
    buckets.length === 0 ? 0 : (buckets.at(-1)?.index ?? 0) - first + 1,
  ).fill(0);
  for (const { index, count } of buckets) counts[index - first] = count;
  return {
    count: native.count,
    sum: native.sum,
    // OTLP's bucket i holds (base^i, base^(i+1)], Prometheus' (base^(i-1), base^i].
    scale: native.schema,
    zeroCount: native.zeroCount,
    positive: { offset: first - 1, bucketCounts: counts },
    negative: { offset: 0, bucketCounts: [] },
  };
}

/**
 * The registry's families as OTLP metrics: counters as cumulative monotonic sums, gauges as
 * gauges, the step histogram as an exponential histogram (its native form), other histograms
 * with their explicit buckets. Names stay Prometheus' (the receiving Prometheus adds no suffixes).
 */
function toMetricData(families: readonly MetricFamilyJson[], start: HrTime): MetricData[] {
  const now = toHrTime(Date.now());
  const point = <T>(
    labels: MetricFamilyJson["values"][number]["labels"],
    value: T,
    without = "",
  ) => ({
    startTime: start,
    endTime: now,
    attributes: attributesOf(labels, without),
    value,
  });
  const metrics: MetricData[] = [];
  for (const family of families) {
    if (family.values.length === 0) continue; // OTLP has no empty metric: Prometheus refuses one
    const descriptor = {
      name: family.name,
      description: family.help,
      unit: "",
      valueType: ValueType.DOUBLE,
    };
    const base = { descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE };
    const type = String(family.type);
    if (type === "counter")
      metrics.push({
        ...base,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints: family.values.map((v) => point(v.labels, v.value)),
      });
    else if (type === "gauge")
      metrics.push({
        ...base,
        dataPointType: DataPointType.GAUGE,
        dataPoints: family.values.map((v) => point(v.labels, v.value)),
      });
    else if (type === "histogram" && family.nativeHistograms)
      metrics.push({
        ...base,
        dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
        dataPoints: family.nativeHistograms.map((n) => point(n.labels, exponential(n.native))),
      });
    else if (type === "histogram")
      // prom-client's cumulative buckets, per series, as OTLP's per-bucket counts.
      metrics.push({
        ...base,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: [...groupSeries(family, "le").values()].map((s) => {
          const buckets = s.parts.filter((p) => p.label !== "+Inf");
          const cumulative = [...buckets.map((p) => p.value), s.count];
          return point(
            s.labels,
            {
              count: s.count,
              sum: s.sum,
              buckets: {
                boundaries: buckets.map((p) => Number(p.label)),
                counts: cumulative.map((c, i) => c - (i === 0 ? 0 : (cumulative[i - 1] as number))),
              },
            },
            "le",
          );
        }),
      });
    // Summaries have no OTLP form the SDK writes; the trainer exports none.
  }
  return metrics;
}

/**
 * Pushes the registry's metrics to an OTLP/HTTP endpoint every `intervalSeconds` with the
 * OpenTelemetry JS SDK, from what the registry holds at each export (a metric producer: no
 * per-step recording into the SDK). A push that fails is warned about and the next one carries
 * the same cumulative values: nothing is lost but the points in between.
 */
export function startOtlpPusher(options: OtlpPushOptions): OtlpPusher {
  const start = toHrTime(Date.now());
  const { logger } = options;
  const otlp = new OTLPMetricExporter({
    url: options.url,
    timeoutMillis: Math.min(10_000, options.intervalSeconds * 1000),
  });
  let accepted = false;
  const exporter: PushMetricExporter = {
    export(metrics, done) {
      otlp.export(metrics, (result) => {
        accepted = result.code === ExportResultCode.SUCCESS;
        if (!accepted)
          logger.warnOnce(
            "otlp",
            `OTLP push to ${options.url} failed (${result.error?.message ?? "no answer"}); training goes on and the next push carries the same totals`,
          );
        done(result);
      });
    },
    forceFlush: () => otlp.forceFlush(),
    shutdown: () => otlp.shutdown(),
    selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
  };
  const producer: MetricProducer = {
    async collect() {
      const families = (await options.registry.getMetricsAsJSON()) as unknown as MetricFamilyJson[];
      return {
        resourceMetrics: {
          resource: resourceFromAttributes({}),
          scopeMetrics: [{ scope: { name: "trainwatch" }, metrics: toMetricData(families, start) }],
        },
        errors: [],
      };
    },
  };
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: options.intervalSeconds * 1000,
    exportTimeoutMillis: Math.min(10_000, options.intervalSeconds * 1000),
    metricProducers: [producer],
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      "service.name": options.job,
      "service.instance.id": options.instance,
      task: options.task,
    }),
    readers: [reader],
  });
  return {
    async flush() {
      accepted = false;
      await reader.forceFlush().catch(() => undefined);
      return accepted;
    },
    async shutdown() {
      await provider.shutdown().catch(() => undefined);
    },
  };
}
