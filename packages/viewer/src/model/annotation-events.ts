import { formatLegend, type Labels } from "./format-legend.js";
import { grafanaColor } from "./palette.js";
import type { MatrixSeries } from "./prometheus-result.js";

/** An annotation to draw: a moment (`start === end`) or a region, with its colour and text. */
export interface AnnotationEvent {
  readonly start: number;
  readonly end: number;
  readonly color: string;
  readonly title: string;
  readonly text: string;
}

/** One annotation query's settings, from the dashboard. */
export interface AnnotationSource {
  readonly name: string;
  readonly color: string;
  readonly titleFormat?: string;
  readonly textFormat?: string;
}

const describe = (labels: Labels) =>
  Object.entries(labels)
    .filter(([k]) => k !== "__name__" && k !== "alertstate")
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");

/**
 * Turns a Prometheus annotation query's range result into events, as Grafana does: every
 * series' samples that follow each other within one `stepMs` make one region (a single sample
 * is a moment). Times in milliseconds.
 */
export function annotationEvents(
  source: AnnotationSource,
  series: readonly MatrixSeries[],
  stepMs: number,
): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  for (const { metric, values } of series) {
    const title = source.titleFormat ? formatLegend(source.titleFormat, metric) : source.name;
    const text = source.textFormat ? formatLegend(source.textFormat, metric) : describe(metric);
    let start: number | undefined;
    let last = 0;
    const close = () => {
      if (start !== undefined)
        events.push({ start, end: last, color: grafanaColor(source.color), title, text });
    };
    for (const [seconds, value] of values) {
      const at = seconds * 1000;
      if (value === "0") continue;
      if (start === undefined || at - last > stepMs) {
        close();
        start = at;
      }
      last = at;
    }
    close();
  }
  return events.sort((a, b) => a.start - b.start);
}
