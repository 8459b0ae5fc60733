import { theme } from "./palette.js";
import type { TimeRange } from "./time-range.js";

/** What every chart of the viewer shares: no animation, a tight grid with its axis labels inside. */
export const chartFrame = {
  animation: false,
  grid: { left: 8, right: 8, top: 10, bottom: 4, containLabel: true },
} as const;

/** The time axis of a chart: exactly the dashboard's range, labels that never overlap. */
export const timeAxis = (range: TimeRange, gridLines: boolean) => ({
  type: "time" as const,
  min: range.from,
  max: range.to,
  axisLabel: { color: theme.axis, hideOverlap: true },
  splitLine: { show: gridLines, lineStyle: { color: theme.grid } },
});

/** A tooltip in the page's dark theme (`chart-tooltip`, which the browser tests look for). */
export const tooltipStyle = {
  confine: true,
  className: "chart-tooltip",
  backgroundColor: theme.tooltip,
  borderColor: theme.grid,
  textStyle: { color: theme.text, fontSize: 12 },
} as const;
