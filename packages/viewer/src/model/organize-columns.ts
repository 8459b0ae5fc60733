import type { Panel } from "./dashboard-schema.js";

/** Grafana's `organize` transformation options, as a table panel's JSON carries them. */
interface OrganizeOptions {
  readonly includeByName?: Readonly<Record<string, boolean>>;
  readonly excludeByName?: Readonly<Record<string, boolean>>;
  readonly indexByName?: Readonly<Record<string, number>>;
  readonly renameByName?: Readonly<Record<string, string>>;
}

/** A column as it leaves `organizeColumns`: the field it shows, and its new header if renamed. */
export interface OrganizedColumn {
  /** Index into the columns handed in. */
  readonly index: number;
  readonly rename?: string;
}

function organizeOptions(panel: Panel): OrganizeOptions | undefined {
  const found = (panel.transformations ?? []).find(
    (t) => (t as { id?: string }).id === "organize",
  ) as { options?: OrganizeOptions } | undefined;
  return found ? (found.options ?? {}) : undefined;
}

/**
 * Which of a table's columns (by field name) are shown, in what order and under what header, as
 * Grafana's `organize` transformation decides: only the included ones where `includeByName`
 * names any, never the excluded ones, ordered by `indexByName` (the others after, as they came),
 * renamed by `renameByName`. Without the transformation, every column as it came.
 */
export function organizeColumns(panel: Panel, names: readonly string[]): OrganizedColumn[] {
  const options = organizeOptions(panel);
  const columns = names.map((name, index) => ({ name, index }));
  if (!options) return columns.map(({ index }) => ({ index }));
  const include = Object.entries(options.includeByName ?? {}).filter(([, on]) => on);
  const shown = columns.filter(
    ({ name }) =>
      (include.length === 0 || include.some(([n]) => n === name)) &&
      options.excludeByName?.[name] !== true,
  );
  const order = options.indexByName ?? {};
  const position = (name: string, fallback: number) => order[name] ?? names.length + fallback;
  return shown
    .sort((a, b) => position(a.name, a.index) - position(b.name, b.index))
    .map(({ name, index }) => ({ index, rename: options.renameByName?.[name] }));
}
