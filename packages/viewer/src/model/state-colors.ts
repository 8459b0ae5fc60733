import type { Panel } from "./dashboard-schema.js";
import { grafanaColor, seriesColor } from "./palette.js";

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
      return grafanaColor(color);
    };
  }
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  return (value) => seriesColor(Math.max(0, distinct.indexOf(value)));
}
