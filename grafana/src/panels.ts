import { StackingConfigBuilder, StackingMode } from "@grafana/grafana-foundation-sdk/common";
import { PanelBuilder as HeatmapPanel } from "@grafana/grafana-foundation-sdk/heatmap";
import { DataqueryBuilder, PromQueryFormat } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatPanel } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as StateTimelinePanel } from "@grafana/grafana-foundation-sdk/statetimeline";
import { PanelBuilder as TablePanel } from "@grafana/grafana-foundation-sdk/table";
import { PanelBuilder as TimeseriesPanel } from "@grafana/grafana-foundation-sdk/timeseries";
import { prometheusDatasource } from "./datasource.js";
import type { Query } from "./queries.js";

/** Where a panel sits on the 24-column grid. */
export interface Grid {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Every panel has a title, a one-line description, a unit and its queries. */
export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly queries: readonly Query[];
  readonly grid: Grid;
}

const targets = (queries: readonly Query[]) =>
  queries.map((q, i) => {
    const target = new DataqueryBuilder()
      .expr(q.expr)
      .refId(String.fromCharCode(65 + i))
      .datasource(prometheusDatasource);
    if (q.legend) target.legendFormat(q.legend);
    if (q.table) target.instant().format(PromQueryFormat.Table);
    return target;
  });

function base<
  P extends {
    title(t: string): P;
    description(d: string): P;
    unit(u: string): P;
    datasource(d: typeof prometheusDatasource): P;
    gridPos(g: Grid): P;
    withTarget(t: DataqueryBuilder): P;
  },
>(panel: P, spec: PanelSpec): P {
  let p = panel
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(prometheusDatasource)
    .gridPos(spec.grid);
  for (const target of targets(spec.queries)) p = p.withTarget(target);
  return p;
}

export const timeseries = (spec: PanelSpec) => base(new TimeseriesPanel(), spec);
export const stat = (spec: PanelSpec) => base(new StatPanel(), spec);
export const table = (spec: PanelSpec) => base(new TablePanel(), spec);
export const heatmap = (spec: PanelSpec) => base(new HeatmapPanel(), spec);
export const stateTimeline = (spec: PanelSpec) => base(new StateTimelinePanel(), spec);

/** A time series with its second query (refId B) on a right-hand y-axis with its own unit. */
export function dualAxisTimeseries(spec: PanelSpec, rightUnit: string) {
  return timeseries(spec).overrideByQuery("B", [
    { id: "custom.axisPlacement", value: "right" },
    { id: "unit", value: rightUnit },
  ]);
}

/** A time series whose series are stacked on each other, areas filled (shares of a whole). */
export const stackedTimeseries = (spec: PanelSpec) =>
  timeseries(spec).stacking(new StackingConfigBuilder().mode(StackingMode.Normal)).fillOpacity(60);

/**
 * A table of label facts (an info metric's, whose value is always 1): only `columns` shown, in
 * that order and under those headers (Grafana's `organize` transformation); the value column and
 * every other label are left out.
 *
 * @example labelTable(spec, { task: "task", run_id: "run" })
 */
export function labelTable(spec: PanelSpec, columns: Readonly<Record<string, string>>) {
  const names = Object.keys(columns);
  return table(spec).withTransformation({
    id: "organize",
    options: {
      includeByName: Object.fromEntries(names.map((name) => [name, true])),
      indexByName: Object.fromEntries(names.map((name, i) => [name, i])),
      renameByName: Object.fromEntries(
        Object.entries(columns).filter(([name, header]) => name !== header),
      ),
    },
  });
}

/** A value column of a merged table: its header and unit. */
export interface TableColumn {
  readonly header: string;
  readonly unit: string;
}

/**
 * A table of several instant queries joined into one row per label set (Grafana's `merge`
 * transformation), each query's `Value #<refId>` column renamed and given its own unit.
 */
export function mergedTable(spec: PanelSpec, columns: readonly TableColumn[]) {
  let panel = table(spec).withTransformation({ id: "merge", options: {} });
  columns.forEach((column, i) => {
    panel = panel.overrideByName(`Value #${String.fromCharCode(65 + i)}`, [
      { id: "displayName", value: column.header },
      { id: "unit", value: column.unit },
    ]);
  });
  return panel;
}
