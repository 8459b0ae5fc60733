import type { Panel } from "./dashboard-schema.js";

/** How one field (a series, or a table column) is shown, after the panel's overrides. */
export interface FieldDisplay {
  readonly unit: string;
  readonly decimals?: number;
  readonly min?: number;
  readonly max?: number;
  /** `left` or `right` y-axis (Grafana's `custom.axisPlacement`; `auto` is left). */
  readonly axis: "left" | "right";
  readonly displayName?: string;
}

/** What a field is matched by: its query's refId and its name (legend or column header). */
export interface FieldKey {
  readonly refId?: string;
  readonly name: string;
}

/**
 * A field's unit, decimals, range, axis and display name: the panel's `fieldConfig.defaults`,
 * then every override whose matcher (`byFrameRefID`, `byName`) matches, in order, as Grafana
 * applies them.
 */
export function fieldDisplay(panel: Panel, key: FieldKey): FieldDisplay {
  const { defaults, overrides } = panel.fieldConfig;
  const custom = (defaults as { custom?: { axisPlacement?: string } }).custom;
  const display: Record<string, unknown> = {
    unit: defaults.unit || "none",
    decimals: defaults.decimals,
    min: defaults.min,
    max: defaults.max,
    axis: custom?.axisPlacement === "right" ? "right" : "left",
  };
  for (const { matcher, properties } of overrides) {
    const matches =
      (matcher.id === "byFrameRefID" && matcher.options === key.refId) ||
      (matcher.id === "byName" && matcher.options === key.name);
    if (!matches) continue;
    for (const { id, value } of properties) {
      if (id === "custom.axisPlacement") display.axis = value === "right" ? "right" : "left";
      else if (id === "displayName") display.displayName = String(value);
      else if (["unit", "decimals", "min", "max"].includes(id)) display[id] = value;
    }
  }
  return display as unknown as FieldDisplay;
}
