import protobuf from "protobufjs";
import type { HistogramWithNative } from "../step-histogram.js";
import { clientModelJson } from "./client-model.generated.js";
import { type NativeHistogramValue, toSpans } from "./native-histogram.js";

/**
 * The content type of Prometheus' protobuf exposition: length-delimited `MetricFamily` messages
 * of `client_model`. Prometheus asks for it first when it scrapes native histograms.
 */
export const protobufContentType =
  "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

const MetricFamily = protobuf.Root.fromJSON(clientModelJson).lookupType(
  "io.prometheus.client.MetricFamily",
);

/** `client_model`'s MetricType values. */
const metricTypes: Readonly<Record<string, number>> = {
  counter: 0,
  gauge: 1,
  summary: 2,
  untyped: 3,
  histogram: 4,
};

type Labels = Readonly<Partial<Record<string, string | number>>>;

/** One family as prom-client's `getMetricsAsJSON()` returns it, native histograms beside. */
export interface MetricFamilyJson extends HistogramWithNative {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly values: readonly {
    readonly labels: Labels;
    readonly value: number;
    /** A histogram's or summary's `_bucket`, `_sum`, `_count`. */
    readonly metricName?: string;
  }[];
}
type LabelPair = { name: string; value: string };

const labelPairs = (labels: Labels, without?: string): LabelPair[] =>
  Object.entries(labels)
    .filter(([name, value]) => name !== without && value !== undefined)
    .map(([name, value]) => ({ name, value: String(value) }));

const seriesKey = (labels: Labels, without: string) =>
  JSON.stringify(
    Object.entries(labels)
      .filter(([name]) => name !== without)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );

/** One series of a histogram or summary: its labels, buckets or quantiles, sum and count. */
export interface GroupedSeries {
  /** The labels of its first value, `le` or `quantile` among them. */
  readonly labels: Labels;
  readonly parts: { label?: string | number; value: number }[];
  sum: number;
  count: number;
}

/**
 * Groups a histogram's or summary's values (prom-client's `_bucket` or quantile values, `_sum`,
 * `_count`) by series, keyed by their labels but `split`.
 */
export function groupSeries(
  family: MetricFamilyJson,
  split: "le" | "quantile",
): Map<string, GroupedSeries> {
  const series = new Map<string, GroupedSeries>();
  for (const { labels, value, metricName } of family.values) {
    const key = seriesKey(labels, split);
    let entry = series.get(key);
    if (!entry) {
      entry = { labels, parts: [], sum: 0, count: 0 };
      series.set(key, entry);
    }
    if (metricName === `${family.name}_sum`) entry.sum = value;
    else if (metricName === `${family.name}_count`) entry.count = value;
    else entry.parts.push({ label: labels[split], value });
  }
  return series;
}

function nativeFields(native: NativeHistogramValue) {
  const { spans, deltas } = toSpans(native.buckets);
  return {
    schema: native.schema,
    zero_threshold: native.zeroThreshold,
    zero_count: native.zeroCount,
    positive_span: spans,
    positive_delta: deltas,
  };
}

/** A family as a `MetricFamily` message (a plain object protobufjs encodes). */
function toMessage(family: MetricFamilyJson) {
  const type = String(family.type);
  const base = { name: family.name, help: family.help, type: metricTypes[type] ?? 3 };
  if (type === "histogram") {
    const natives = new Map(
      (family.nativeHistograms ?? []).map((n) => [seriesKey(n.labels, "le"), n.native]),
    );
    const metric = [...groupSeries(family, "le")].map(([key, s]) => {
      const native = natives.get(key);
      return {
        label: labelPairs(s.labels, "le"),
        histogram: {
          sample_count: native?.count ?? s.count,
          sample_sum: s.sum,
          bucket: s.parts
            .filter((p) => p.label !== "+Inf")
            .map((p) => ({ cumulative_count: p.value, upper_bound: Number(p.label) })),
          ...(native && nativeFields(native)),
        },
      };
    });
    return { ...base, metric };
  }
  if (type === "summary") {
    const metric = [...groupSeries(family, "quantile")].map(([, s]) => ({
      label: labelPairs(s.labels, "quantile"),
      summary: {
        sample_count: s.count,
        sample_sum: s.sum,
        quantile: s.parts.map((p) => ({ quantile: Number(p.label), value: p.value })),
      },
    }));
    return { ...base, metric };
  }
  const field = type === "counter" ? "counter" : type === "gauge" ? "gauge" : "untyped";
  const metric = family.values.map(({ labels, value }) => ({
    label: labelPairs(labels),
    [field]: { value },
  }));
  return { ...base, metric };
}

/**
 * Renders families (prom-client's JSON, with the step histogram's native form) in Prometheus'
 * protobuf exposition format. A histogram with a native form carries both: its classic buckets
 * and its exponential ones, which Prometheus keeps both of when a scrape config asks for
 * `always_scrape_classic_histograms`, and the native ones alone otherwise.
 */
export function toProtobuf(families: readonly MetricFamilyJson[]): Uint8Array {
  const writer = protobuf.Writer.create();
  for (const family of families) {
    if (family.values.length === 0) continue;
    MetricFamily.encodeDelimited(toMessage(family), writer);
  }
  return writer.finish();
}
