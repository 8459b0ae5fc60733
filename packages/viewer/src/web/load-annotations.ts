import { type AnnotationEvent, annotationEvents } from "../model/annotation-events.js";
import type { Dashboard } from "../model/dashboard-schema.js";
import { interpolateExpr, type VariableValue } from "../model/interpolate-expr.js";
import type { TimeRange } from "../model/time-range.js";
import type { PrometheusClient } from "./prometheus-client.js";

/**
 * Runs the dashboard's enabled PromQL annotation queries over the range and turns their series
 * into events for every time-series panel. A failing query is reported, not thrown.
 */
export async function loadAnnotations(
  dashboard: Dashboard,
  variables: readonly VariableValue[],
  client: PrometheusClient,
  range: TimeRange,
  stepMs: number,
): Promise<{ events: AnnotationEvent[]; errors: string[] }> {
  const errors: string[] = [];
  const builtIns = { intervalMs: stepMs, rangeMs: range.to - range.from, scrapeIntervalMs: stepMs };
  const start = Math.floor(range.from / stepMs) * stepMs;
  const lists = await Promise.all(
    dashboard.annotations.list
      .filter((a) => a.enable !== false && a.builtIn !== 1 && a.expr)
      .map(async (annotation) => {
        try {
          const expr = interpolateExpr(annotation.expr as string, variables, builtIns);
          const end = Math.ceil(range.to / stepMs) * stepMs;
          const series = await client.queryRange(expr, start, end, stepMs);
          return annotationEvents(
            {
              name: annotation.name,
              color: annotation.iconColor ?? "#F2495C",
              titleFormat: annotation.titleFormat,
              textFormat: annotation.textFormat,
            },
            series,
            stepMs,
          );
        } catch (error) {
          errors.push(`annotation ${annotation.name}: ${(error as Error).message}`);
          return [];
        }
      }),
  );
  return { events: lists.flat(), errors };
}
