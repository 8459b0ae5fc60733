/** The Prometheus metric types trainwatch uses. */
export type MetricType = "gauge" | "counter" | "histogram";

/** Base units a metric name may end in (Prometheus practice); "" for dimensionless values. */
export type MetricUnit =
  | ""
  | "seconds"
  | "bytes"
  | "ratio"
  | "celsius"
  | "watts"
  | "joules"
  | "hertz"
  | "info";

/** One metric of the contract: everything a producer, a rule or a dashboard needs to know. */
export interface MetricDefinition<Label extends string = string> {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly unit: MetricUnit;
  readonly labelNames: readonly Label[];
  /** Histogram bucket upper bounds, in the metric's unit (the classic form). */
  readonly buckets?: readonly number[];
  /**
   * A histogram's native form (Prometheus' exponential buckets): its schema, from -4 to 8, the
   * resolution, where bucket bounds grow by a factor of 2^(2^-schema) (schema 3: 2^(1/8) ≈ 1.09, so
   * a quantile read from it is within about 4.5 % of the exact one). Required for histograms.
   */
  readonly nativeSchema?: number;
}

const namePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelPattern = /^[a-z][a-z0-9_]*$/;

/**
 * Checks a metric definition against Prometheus naming practice and returns it unchanged.
 *
 * @example defineMetric({ name: "training_loss", type: "gauge", unit: "", help: "…", labelNames: ["job"] })
 * @throws Error naming the bad value when a name, unit suffix or label breaks the rules.
 */
export function defineMetric<const Label extends string>(
  definition: MetricDefinition<Label>,
): MetricDefinition<Label> {
  const { name, type, unit, labelNames, help, buckets, nativeSchema } = definition;
  const problems: string[] = [];
  if (!namePattern.test(name)) problems.push(`name "${name}" is not a valid Prometheus name`);
  if (type === "counter" && !name.endsWith("_total")) {
    problems.push(`counter "${name}" must end in "_total"`);
  }
  if (type !== "counter" && name.endsWith("_total")) {
    problems.push(`${type} "${name}" must not end in "_total" (that suffix is for counters)`);
  }
  const stem = name.replace(/_total$/, "");
  if (unit !== "" && !stem.endsWith(`_${unit}`)) {
    problems.push(`"${name}" has unit "${unit}" and must end in "_${unit}"`);
  }
  for (const label of labelNames) {
    if (!labelPattern.test(label)) problems.push(`label "${label}" of "${name}" is not snake_case`);
  }
  if (new Set(labelNames).size !== labelNames.length) {
    problems.push(`"${name}" lists a label twice: ${labelNames.join(", ")}`);
  }
  if (help.trim() === "") problems.push(`"${name}" has no help text`);
  if ((type === "histogram") !== (buckets !== undefined)) {
    problems.push(`"${name}": buckets are required for histograms and only for them`);
  }
  if ((type === "histogram") !== (nativeSchema !== undefined)) {
    problems.push(`"${name}": a native schema is required for histograms and only for them`);
  } else if (
    nativeSchema !== undefined &&
    !(Number.isInteger(nativeSchema) && nativeSchema >= -4 && nativeSchema <= 8)
  ) {
    problems.push(`"${name}": native schema ${nativeSchema} is not an integer from -4 to 8`);
  }
  if (problems.length > 0) throw new Error(`invalid metric definition: ${problems.join("; ")}`);
  return definition;
}
