import { type Dashboard, dashboardSchema } from "./dashboard-schema.js";
import { refIdOf } from "./explore-state.js";

/** Explore's results as a dashboard: its queries' graph over the range, their values at its end. */
export const exploreTitles = { graph: "Graph", table: "Table" } as const;

/**
 * The dashboard Explore draws for its queries, so it shares the dashboards' panels: a full-width
 * time series of every non-empty query (A, B, …) and a table of their values at the range's end.
 */
export function exploreDashboard(exprs: readonly string[]): Dashboard {
  const targets = exprs
    .map((expr, i) => ({ refId: refIdOf(i), expr }))
    .filter((t) => t.expr.trim() !== "");
  return dashboardSchema.parse({
    uid: "explore",
    title: "Explore",
    panels: [
      {
        type: "timeseries",
        title: exploreTitles.graph,
        gridPos: { x: 0, y: 0, w: 24, h: 11 },
        targets,
      },
      {
        type: "table",
        title: exploreTitles.table,
        gridPos: { x: 0, y: 11, w: 24, h: 8 },
        targets: targets.map((t) => ({ ...t, instant: true, format: "table" })),
      },
    ],
  });
}
