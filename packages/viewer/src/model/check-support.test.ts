import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dashboardsDir } from "@trainwatch/grafana-dashboards";
import { describe, expect, it } from "vitest";
import { dashboardProblems, panelProblems } from "./check-support.js";
import { dashboardSchema, type Panel } from "./dashboard-schema.js";

const panel = (extra: Record<string, unknown>): Panel =>
  dashboardSchema.parse({
    uid: "x",
    title: "x",
    panels: [{ type: "timeseries", gridPos: { x: 0, y: 0, w: 12, h: 8 }, ...extra }],
  }).panels[0] as Panel;

describe("dashboardProblems", () => {
  it("finds nothing the viewer cannot draw in the project's own dashboards", () => {
    const files = readdirSync(dashboardsDir).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const dashboard = dashboardSchema.parse(
        JSON.parse(readFileSync(join(dashboardsDir, file), "utf8")),
      );
      expect(dashboardProblems(dashboard), file).toEqual({ dashboard: [], panels: {} });
    }
  });

  it("names unsupported variables and annotations", () => {
    const dashboard = dashboardSchema.parse({
      uid: "x",
      title: "x",
      templating: {
        list: [
          { type: "interval", name: "i", query: "1m,5m" },
          { type: "query", name: "q", query: "query_result(up)" },
        ],
      },
      annotations: { list: [{ name: "Grafana", builtIn: 1 }, { name: "Loki logs" }] },
    });
    expect(dashboardProblems(dashboard).dashboard).toEqual([
      'variable $i of type "interval"',
      'variable $q: only label_values(…) queries (got "query_result(up)")',
      'annotation "Loki logs" without a PromQL expr',
    ]);
  });
});

describe("panelProblems", () => {
  it("names an unsupported panel type, transformation, unit, override and datasource", () => {
    expect(panelProblems(panel({ type: "graph" }))).toEqual(['panel type "graph"']);
    expect(
      panelProblems(
        panel({
          transformations: [{ id: "reduce" }],
          datasource: { type: "loki", uid: "l" },
          fieldConfig: {
            defaults: { unit: "lengthm", mappings: [{ type: "value" }] },
            overrides: [
              {
                matcher: { id: "byRegexp", options: ".*" },
                properties: [{ id: "links", value: [] }],
              },
            ],
          },
          targets: [{ refId: "A", expr: "up", format: "heatmap" }],
        }),
      ),
    ).toEqual([
      'transformation "reduce"',
      'datasource type "loki"',
      'query format "heatmap"',
      'unit "lengthm"',
      "value mappings",
      'override matcher "byRegexp"',
      'override property "links"',
    ]);
    expect(
      panelProblems(
        panel({ fieldConfig: { defaults: { custom: { stacking: { mode: "percent" } } } } }),
      ),
    ).toEqual(["stacking to 100% (custom.stacking.mode)"]);
  });

  it("draws looks with its defaults instead of refusing them", () => {
    const styled = panel({
      fieldConfig: {
        defaults: { unit: "s", color: { mode: "palette-classic" }, custom: { lineWidth: 2 } },
        overrides: [
          {
            matcher: { id: "byName", options: "x" },
            properties: [
              { id: "color", value: {} },
              { id: "custom.fillOpacity", value: 10 },
            ],
          },
        ],
      },
      options: { legend: { showLegend: true }, tooltip: { mode: "multi" } },
    });
    expect(panelProblems(styled)).toEqual([]);
  });
});
