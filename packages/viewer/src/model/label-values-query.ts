/** A `label_values(…)` variable query: the label, and the series selector it is limited to. */
export interface LabelValuesQuery {
  readonly label: string;
  readonly match?: string;
}

/**
 * Parses Grafana's `label_values(label)` and `label_values(selector, label)`; undefined for any
 * other variable query (`query_result`, `metrics`, `label_names`, …).
 */
export function parseLabelValuesQuery(query: string): LabelValuesQuery | undefined {
  const outer = /^\s*label_values\((.*)\)\s*$/s.exec(query);
  if (!outer) return undefined;
  const inner = (outer[1] as string).trim();
  const lastComma = inner.lastIndexOf(",");
  const label = inner.slice(lastComma + 1).trim();
  if (!/^[a-zA-Z_]\w*$/.test(label)) return undefined;
  if (lastComma < 0) return { label };
  const match = inner.slice(0, lastComma).trim();
  return match === "" ? { label } : { label, match };
}
