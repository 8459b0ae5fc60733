import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { knownSeriesNames, seriesNamesIn } from "@trainwatch/prometheus-config/promql-series-names";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { dashboardsDir } from "./dashboards-dir.js";
import { renderDashboards } from "./render-dashboards.js";

interface Panel {
  type: string;
  gridPos: { x: number; y: number; w: number; h: number };
  title: string;
  description?: string;
  datasource?: { uid: string };
  fieldConfig?: { defaults: { unit?: string } };
  targets?: { expr: string; datasource?: { uid: string } }[];
}
interface DashboardJson {
  uid: string;
  panels: Panel[];
  annotations?: { list?: { expr?: string }[] };
  templating: { list: { name: string; query: string }[] };
}

const provisioning = parse(
  readFileSync(
    fileURLToPath(new URL("../provisioning/datasources/prometheus.yml", import.meta.url)),
    "utf8",
  ),
) as {
  datasources: { uid: string }[];
};
const rendered = renderDashboards();
const boards = Object.entries(rendered).map(
  ([file, text]) => [file, JSON.parse(text) as DashboardJson] as const,
);
/** Grafana variables replaced the way "All" and the built-ins would be, so the parser sees PromQL. */
const substitute = (expr: string) =>
  expr
    .replaceAll("$__rate_interval", "1m")
    .replaceAll("$__interval", "15s")
    .replaceAll("$__range", "1h")
    .replace(/\$(\w+)/g, ".*");

/** Every PromQL expression of a dashboard: panel targets, annotations, variable queries. */
function expressions(board: DashboardJson): { where: string; expr: string }[] {
  const panels = board.panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ where: `${board.uid} / ${p.title}`, expr: t.expr })),
  );
  const annotations = (board.annotations?.list ?? []).flatMap((a) =>
    a.expr ? [{ where: `${board.uid} / annotation`, expr: a.expr }] : [],
  );
  const variables = board.templating.list.map((v) => ({
    where: `${board.uid} / $${v.name}`,
    expr: /^label_values\((.+),\s*\w+\)$/.exec(v.query)?.[1] ?? v.query,
  }));
  return [...panels, ...annotations, ...variables];
}

/** The shared parse, on the expression with Grafana's variables substituted. */
const parsePromql = (expr: string) => seriesNamesIn(substitute(expr));

describe("grafana/dashboards", () => {
  it("are what grafana/src generates (regenerate with `generate`)", () => {
    for (const [file, text] of Object.entries(rendered))
      expect(readFileSync(join(dashboardsDir, file), "utf8"), file).toBe(text);
  });

  it("are three dashboards with stable uids", () => {
    expect(boards.map(([, b]) => b.uid).sort()).toEqual([
      "trainwatch-gpu-fleet",
      "trainwatch-run-comparison",
      "trainwatch-training",
    ]);
  });

  it("give every panel a unit, a one-line description and the provisioned datasource", () => {
    const uid = provisioning.datasources[0]?.uid;
    for (const [, board] of boards) {
      for (const panel of board.panels.filter((p) => p.type !== "row")) {
        expect(panel.description, panel.title).toMatch(/^[^\n]{10,}$/);
        expect(panel.fieldConfig?.defaults.unit, panel.title).toBeTruthy();
        expect(panel.datasource?.uid, panel.title).toBe(uid);
        for (const target of panel.targets ?? [])
          expect(target.datasource?.uid, panel.title).toBe(uid);
      }
    }
  });

  it("have only queries that Prometheus' own PromQL parser accepts, naming known metrics", () => {
    for (const [, board] of boards) {
      for (const { where, expr } of expressions(board)) {
        const { errors, names } = parsePromql(expr);
        expect(errors, `${where}: ${expr}`).toBe(0);
        expect(names.length, `${where}: ${expr}`).toBeGreaterThan(0);
        for (const name of names)
          expect(knownSeriesNames.has(name), `${where}: ${name}`).toBe(true);
      }
    }
  });

  it("define every variable a query uses", () => {
    for (const [, board] of boards) {
      const defined = new Set(board.templating.list.map((v) => v.name));
      for (const { where, expr } of expressions(board)) {
        for (const [, name] of expr.matchAll(/\$(\w+)/g)) {
          if (!name?.startsWith("__"))
            expect(defined.has(name as string), `${where}: $${name}`).toBe(true);
        }
      }
    }
  });

  it("lay panels out on the grid without overlaps, each under the row it follows", () => {
    for (const [, board] of boards) {
      let rowY = -1;
      board.panels.forEach((panel, i) => {
        const { x, y, w, h } = panel.gridPos;
        if (panel.type === "row") rowY = y;
        else expect(y, `${board.uid} / ${panel.title} sits above its row`).toBeGreaterThan(rowY);
        for (const other of board.panels.slice(0, i)) {
          const o = other.gridPos;
          const overlaps = x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
          expect(overlaps, `${board.uid}: ${panel.title} overlaps ${other.title}`).toBe(false);
        }
      });
    }
  });

  it("lets the training overview filter from a URL by job and task", () => {
    const overview = boards.find(([, b]) => b.uid === "trainwatch-training")?.[1];
    expect(overview?.templating.list.map((v) => v.name)).toEqual(["job", "task"]);
  });
});
