import type { Panel } from "./dashboard-schema.js";
import { fieldDisplay } from "./field-config.js";
import { formatValue } from "./format-unit.js";
import { organizeColumns } from "./organize-columns.js";
import { sampleValue, type VectorSample } from "./prometheus-result.js";

/** A table as drawn: header names and rows of formatted cells. */
export interface TableData {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** One instant query's samples with its refId. */
export interface TableInput {
  readonly refId: string;
  readonly samples: readonly VectorSample[];
}

const labelsKey = (labels: Readonly<Record<string, string>>, names: readonly string[]) =>
  JSON.stringify(names.map((n) => labels[n] ?? ""));

/**
 * The rows of a `table` panel from instant queries in table format: one column per label (in
 * order of first appearance, `__name__` left out), one value column per query (`Value`, or
 * `Value #A`, `Value #B`… with several, as Grafana names them), and the samples of all queries
 * with the same labels joined into one row. Values are formatted in the column's unit. An
 * `organize` transformation then picks, orders and renames the columns.
 */
export function tableRows(panel: Panel, inputs: readonly TableInput[]): TableData {
  const labelNames: string[] = [];
  for (const { samples } of inputs)
    for (const { metric } of samples)
      for (const name of Object.keys(metric))
        if (name !== "__name__" && !labelNames.includes(name)) labelNames.push(name);
  const valueColumns = inputs.map(({ refId }) =>
    inputs.length === 1 ? "Value" : `Value #${refId}`,
  );
  const byLabels = new Map<
    string,
    { labels: Record<string, string>; values: (number | undefined)[] }
  >();
  inputs.forEach(({ samples }, q) => {
    for (const { metric, value } of samples) {
      const key = labelsKey(metric, labelNames);
      const row = byLabels.get(key) ?? { labels: { ...metric }, values: [] };
      row.values[q] = sampleValue(value[1]);
      byLabels.set(key, row);
    }
  });
  const displays = inputs.map(({ refId }, q) =>
    fieldDisplay(panel, { refId, name: valueColumns[q] as string }),
  );
  const headers = [
    ...labelNames.map((n) => fieldDisplay(panel, { name: n }).displayName ?? n),
    ...valueColumns.map((c, q) => displays[q]?.displayName ?? c),
  ];
  const cells = [...byLabels.values()].map(({ labels, values }) => [
    ...labelNames.map((n) => labels[n] ?? ""),
    ...inputs.map((_, q) => {
      const v = values[q];
      return v === undefined ? "" : formatValue(v, displays[q]?.unit, displays[q]?.decimals);
    }),
  ]);
  // Grafana's organize transformation picks, orders and renames the fields by their names.
  const shown = organizeColumns(panel, [...labelNames, ...valueColumns]);
  return {
    columns: shown.map(({ index, rename }) => rename ?? (headers[index] as string)),
    rows: cells.map((row) => shown.map(({ index }) => row[index] as string)),
  };
}
