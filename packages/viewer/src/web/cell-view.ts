import type { AlignedFrame } from "../model/align-series.js";
import {
  type Cell,
  cellChartOption,
  heatmapCells,
  stateCells,
} from "../model/cell-chart-option.js";
import { schemes } from "../model/color-scale.js";
import { fieldDisplay } from "../model/field-config.js";
import { formatValue } from "../model/format-unit.js";
import { createChart } from "./echarts-adapter.js";
import { element, type PanelData, type PanelSlot, type PanelView } from "./panel-view.js";

type CellsOf = (frame: AlignedFrame, stepMs: number) => Cell[];

/** A chart of rows of coloured cells: Grafana's `heatmap` of series or its `state-timeline`. */
function createCellView(slot: PanelSlot, cellsOf: CellsOf, scheme: readonly string[]): PanelView {
  const chart = createChart(slot.body, slot.group);
  return {
    update(data: PanelData) {
      const frame = {
        ...data.frame,
        series: [...data.frame.series].sort((a, b) => a.name.localeCompare(b.name)),
      };
      const display = fieldDisplay(slot.panel, { name: "" });
      const { option, range, cells } = cellChartOption(
        frame,
        cellsOf(frame, data.stepMs),
        display,
        data.range,
        scheme,
      );
      chart.set(option);
      const gradient = element("li", "legend-gradient");
      gradient.style.background = `linear-gradient(to right, ${scheme.join(", ")})`;
      slot.legend.replaceChildren(
        element("li", "legend-name", formatValue(range[0], display.unit, display.decimals)),
        gradient,
        element("li", "legend-name", formatValue(range[1], display.unit, display.decimals)),
      );
      return cells > 0;
    },
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}

/** Grafana's `heatmap` of time series: one row per series, a cell per step. */
export const createHeatmapView = (slot: PanelSlot) =>
  createCellView(slot, heatmapCells, schemes.oranges);

/** Grafana's `state-timeline`: one row per series, a bar per run of one value. */
export const createStateTimelineView = (slot: PanelSlot) =>
  createCellView(slot, stateCells, schemes.greenYellowRed);
