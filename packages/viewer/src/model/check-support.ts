import type { Annotation, Dashboard, FieldOverride, Panel, Variable } from "./dashboard-schema.js";
import { isSupportedUnit } from "./format-unit.js";
import { parseLabelValuesQuery } from "./label-values-query.js";

/** Panel types the viewer draws (rows are section headers). */
export const supportedPanelTypes = [
  "timeseries",
  "stat",
  "table",
  "heatmap",
  "state-timeline",
] as const;

/** A panel type the viewer draws; the web side keys its views by it, so none can be missing. */
export type SupportedPanelType = (typeof supportedPanelTypes)[number];

/** Whether the viewer draws panels of `type`. */
export const isSupportedPanelType = (type: string): type is SupportedPanelType =>
  (supportedPanelTypes as readonly string[]).includes(type);

const overrideMatchers = new Set(["byFrameRefID", "byName"]);
/** Override properties that change what is drawn, and that the viewer applies. */
const overrideProperties = new Set([
  "custom.axisPlacement",
  "unit",
  "decimals",
  "min",
  "max",
  "displayName",
]);
const statCalcs = new Set(["lastNotNull", "last", "mean", "max", "min", "firstNotNull", "first"]);
const targetFormats = new Set([undefined, "time_series", "table"]);

function overrideProblems(override: FieldOverride): string[] {
  const problems: string[] = [];
  if (!overrideMatchers.has(override.matcher.id))
    problems.push(`override matcher "${override.matcher.id}"`);
  for (const property of override.properties) {
    // Colours and line styles change the look, not what the data says: drawn with the defaults.
    const cosmetic = property.id === "color" || property.id.startsWith("custom.");
    if (property.id === "unit" && !isSupportedUnit(String(property.value)))
      problems.push(`unit "${String(property.value)}"`);
    else if (!overrideProperties.has(property.id) && !cosmetic)
      problems.push(`override property "${property.id}"`);
  }
  return problems;
}

function optionProblems(panel: Panel): string[] {
  const options = (panel.options ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const calcs = (options.reduceOptions as { calcs?: string[] } | undefined)?.calcs ?? [];
  for (const calc of calcs) if (!statCalcs.has(calc)) problems.push(`reduce calculation "${calc}"`);
  if (panel.type === "heatmap" && (options.calculate as boolean | undefined) === true)
    problems.push("heatmap calculated from raw values (options.calculate)");
  return problems;
}

/**
 * What in a panel the viewer cannot draw faithfully, each named (`panel type "graph"`,
 * `transformations`, `unit "lengthm"`, …); empty when it draws all of it. Colours, line styles
 * and other looks are drawn with the viewer's defaults and not reported.
 */
export function panelProblems(panel: Panel): string[] {
  if (panel.type === "row") return [];
  if (!isSupportedPanelType(panel.type)) return [`panel type "${panel.type}"`];
  const problems: string[] = [];
  const extra = panel as Record<string, unknown>;
  for (const t of panel.transformations ?? []) {
    const id = (t as { id?: string }).id ?? "?";
    // A table joins its queries' rows by labels, which is what Grafana's merge does; organize
    // picks, orders and renames its columns.
    if (!(["merge", "organize"].includes(id) && panel.type === "table"))
      problems.push(`transformation "${id}"`);
  }
  if (typeof extra.repeat === "string" && extra.repeat !== "")
    problems.push(`repeat by $${extra.repeat}`);
  const datasources = [panel.datasource, ...panel.targets.map((t) => t.datasource)];
  for (const ds of datasources) {
    const type = typeof ds === "object" && ds !== null ? ds.type : undefined;
    if (type !== undefined && type !== "prometheus" && type !== "datasource")
      problems.push(`datasource type "${type}"`);
  }
  for (const target of panel.targets) {
    if (!targetFormats.has(target.format)) problems.push(`query format "${target.format}"`);
  }
  const { defaults, overrides } = panel.fieldConfig;
  if (!isSupportedUnit(defaults.unit)) problems.push(`unit "${defaults.unit}"`);
  const stacking = (defaults as { custom?: { stacking?: { mode?: string } } }).custom?.stacking;
  // Normal stacking is drawn; stacking to 100% would need the shares computed here.
  if (stacking?.mode === "percent") problems.push("stacking to 100% (custom.stacking.mode)");
  const mappings = (defaults as Record<string, unknown>).mappings;
  if (Array.isArray(mappings) && mappings.length > 0) problems.push("value mappings");
  problems.push(...overrides.flatMap(overrideProblems), ...optionProblems(panel));
  return [...new Set(problems)];
}

function variableProblems(variable: Variable): string[] {
  if (variable.type === "custom" || variable.type === "constant") return [];
  if (variable.type !== "query") return [`variable $${variable.name} of type "${variable.type}"`];
  const query = typeof variable.query === "string" ? variable.query : variable.query?.query;
  return parseLabelValuesQuery(query ?? "")
    ? []
    : [`variable $${variable.name}: only label_values(…) queries (got "${query ?? ""}")`];
}

function annotationProblems(annotation: Annotation): string[] {
  if (annotation.builtIn === 1) return []; // Grafana's own annotation store: nothing to read here
  return annotation.expr ? [] : [`annotation "${annotation.name}" without a PromQL expr`];
}

/** Dashboard-wide problems (variables, annotations), and each panel's by its title. */
export function dashboardProblems(dashboard: Dashboard): {
  readonly dashboard: string[];
  readonly panels: Record<string, string[]>;
} {
  const panels: Record<string, string[]> = {};
  for (const panel of dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])])) {
    const problems = panelProblems(panel);
    if (problems.length > 0) panels[panel.title || panel.type] = problems;
  }
  return {
    dashboard: [
      ...dashboard.templating.list.flatMap(variableProblems),
      ...dashboard.annotations.list.flatMap(annotationProblems),
    ],
    panels,
  };
}
