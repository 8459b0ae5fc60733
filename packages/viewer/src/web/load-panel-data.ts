import { alignSeries, type RangeInput } from "../model/align-series.js";
import type { Panel } from "../model/dashboard-schema.js";
import { interpolateExpr, type VariableValue } from "../model/interpolate-expr.js";
import type { TableInput } from "../model/table-rows.js";
import type { TimeRange } from "../model/time-range.js";
import { isInstantPanel, type PanelData } from "./panel-view.js";
import type { PrometheusClient } from "./prometheus-client.js";

/** What a panel's queries need besides the panel: the time, the variables, the client. */
export interface QueryContext {
  readonly client: PrometheusClient;
  readonly range: TimeRange;
  readonly stepMs: number;
  readonly scrapeIntervalMs: number;
  readonly variables: readonly VariableValue[];
}

/**
 * Runs a panel's visible queries (range queries on the panel's step, instant ones at the range's
 * end for tables), each with the variables substituted, and aligns what came back. A failing
 * query becomes an error line; the others still draw. Annotations are added by the caller.
 */
export async function loadPanelData(
  panel: Panel,
  context: QueryContext,
): Promise<Omit<PanelData, "annotations">> {
  const { client, range, stepMs, variables } = context;
  const targets = panel.targets.filter((t) => !t.hide && t.expr.trim() !== "");
  const builtIns = {
    intervalMs: stepMs,
    rangeMs: range.to - range.from,
    scrapeIntervalMs: context.scrapeIntervalMs,
  };
  const ranges: RangeInput[] = [];
  const tables: TableInput[] = [];
  const errors: string[] = [];
  const instant = isInstantPanel(panel);
  // Grid times are multiples of the step, as Grafana aligns them, so a refresh redraws the same
  // points; the end is rounded up so the newest samples are always in.
  const start = Math.floor(range.from / stepMs) * stepMs;
  const end = Math.ceil(range.to / stepMs) * stepMs;
  await Promise.all(
    targets.map(async (target) => {
      const expr = interpolateExpr(target.expr, variables, builtIns);
      try {
        if (instant)
          tables.push({ refId: target.refId, samples: await client.query(expr, range.to) });
        else
          ranges.push({
            refId: target.refId,
            legendFormat: target.legendFormat,
            series: await client.queryRange(expr, start, end, stepMs),
          });
      } catch (error) {
        errors.push(`${target.refId}: ${(error as Error).message}`);
      }
    }),
  );
  const byRefId = (a: { refId: string }, b: { refId: string }) => a.refId.localeCompare(b.refId);
  return {
    range,
    stepMs,
    frame: alignSeries(ranges.sort(byRefId), { start, end, step: stepMs }),
    tables: tables.sort(byRefId),
    errors: errors.sort(),
  };
}
