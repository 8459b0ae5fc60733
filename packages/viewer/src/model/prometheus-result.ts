import type { Labels } from "./format-legend.js";

/** One series of a Prometheus range query (`resultType: "matrix"`). */
export interface MatrixSeries {
  readonly metric: Labels;
  readonly values: readonly (readonly [number, string])[];
}

/** One sample of a Prometheus instant query (`resultType: "vector"`). */
export interface VectorSample {
  readonly metric: Labels;
  readonly value: readonly [number, string];
}

/** What one panel query returned: a range, an instant vector, or Prometheus' error. */
export type QueryResult =
  | { readonly refId: string; readonly kind: "matrix"; readonly series: readonly MatrixSeries[] }
  | { readonly refId: string; readonly kind: "vector"; readonly samples: readonly VectorSample[] }
  | { readonly refId: string; readonly kind: "error"; readonly error: string };

/** A Prometheus sample value: `"NaN"`, `"+Inf"` and `"-Inf"` included. */
export const sampleValue = (text: string): number =>
  text === "+Inf"
    ? Number.POSITIVE_INFINITY
    : text === "-Inf"
      ? Number.NEGATIVE_INFINITY
      : Number(text);
