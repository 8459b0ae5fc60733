import type { Panel } from "./dashboard-schema.js";
import { seriesColor } from "./palette.js";

/** Grafana's named colours that dashboards' thresholds use most, as drawn on a dark theme. */
const namedColors: Readonly<Record<string, string>> = {
  green: "#73BF69",
  red: "#F2495C",
  yellow: "#FADE2A",
  orange: "#FF9830",
  blue: "#5794F2",
  purple: "#B877D9",
  transparent: "rgba(0,0,0,0)",
  text: "#ccccdc",
};

interface ThresholdStep {
  color: string;
  value: number | null;
}

/**
 * How a state timeline colours a value: by the field's thresholds when it has any (the last step
 * whose value is at most the value, as Grafana does), else one palette colour per distinct value
 * (in increasing order), so that different states never share a colour.
 */
export function stateColors(panel: Panel, values: readonly number[]): (value: number) => string {
  const thresholds = (panel.fieldConfig.defaults as { thresholds?: { steps?: ThresholdStep[] } })
    .thresholds?.steps;
  if (thresholds && thresholds.length > 0) {
    return (value) => {
      let color = thresholds[0]?.color ?? "green";
      for (const step of thresholds)
        if (step.value === null || value >= step.value) color = step.color;
      return namedColors[color] ?? color;
    };
  }
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  return (value) => seriesColor(Math.max(0, distinct.indexOf(value)));
}
