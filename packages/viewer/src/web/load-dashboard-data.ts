import type { Dashboard } from "../model/dashboard-schema.js";
import type { VariableValue } from "../model/interpolate-expr.js";
import { chooseStep, type TimeRange } from "../model/time-range.js";
import { loadAnnotations } from "./load-annotations.js";
import { loadPanelData } from "./load-panel-data.js";
import type { GridPanel } from "./panel-grid.js";
import type { PanelData } from "./panel-view.js";
import type { PrometheusClient } from "./prometheus-client.js";

/**
 * Horizontal pixels per queried point: 2, as dense as Prometheus' own graph at its medium
 * resolution, half Grafana's one point per pixel (a refresh then draws half the points).
 */
const pixelsPerPoint = 2;

/** What one refresh needs: the panels, the range, the variables, how wide the grid is drawn. */
export interface DashboardQuery {
  readonly dashboard: Dashboard;
  readonly panels: readonly GridPanel[];
  readonly client: PrometheusClient;
  readonly range: TimeRange;
  readonly variables: readonly VariableValue[];
  readonly gridWidthPx: number;
  readonly scrapeIntervalMs: number;
}

/**
 * Runs every query of one refresh at once (the annotations and each panel's, a panel's step
 * chosen from its width) and returns each panel's data (undefined for a placeholder) and the
 * annotation queries' errors.
 */
export async function loadDashboardData(
  query: DashboardQuery,
): Promise<{ panels: (PanelData | undefined)[]; annotationErrors: string[] }> {
  const { client, range, variables, scrapeIntervalMs, gridWidthPx } = query;
  const step = (widthPx: number) => chooseStep(range, widthPx / pixelsPerPoint, scrapeIntervalMs);
  const [annotations, panels] = await Promise.all([
    loadAnnotations(query.dashboard, variables, client, range, step(gridWidthPx)),
    Promise.all(
      query.panels.map((p) =>
        p.view
          ? loadPanelData(p.panel, {
              client,
              range,
              stepMs: step((gridWidthPx * p.panel.gridPos.w) / 24),
              scrapeIntervalMs,
              variables,
            })
          : undefined,
      ),
    ),
  ]);
  return {
    panels: panels.map((data) => data && { ...data, annotations: annotations.events }),
    annotationErrors: annotations.errors,
  };
}
