import type { AlignedFrame } from "../model/align-series.js";
import { type Cell, cellChart, cellRange, heatmapCells, stateCells } from "../model/cell-chart.js";
import { scaleColor, schemes } from "../model/color-scale.js";
import type { Panel } from "../model/dashboard-schema.js";
import { type FieldDisplay, fieldDisplay } from "../model/field-config.js";
import { formatValue } from "../model/format-unit.js";
import { stateColors } from "../model/state-colors.js";
import { element, type PanelData, type PanelSlot, type PanelView } from "./panel-view.js";
import { createChart } from "./uplot-chart.js";

/** How cells are cut and coloured, and the legend that explains the colours. */
interface CellStyle {
  cells(frame: AlignedFrame, stepMs: number): Cell[];
  colors(
    panel: Panel,
    cells: readonly Cell[],
    display: FieldDisplay,
  ): {
    colorOf: (value: number) => string;
    legend: HTMLElement[];
  };
}

const swatchItem = (color: string, text: string) => {
  const item = element("li", "legend-item");
  const swatch = element("span", "swatch");
  swatch.style.background = color;
  item.append(swatch, element("span", "legend-name", text));
  return item;
};

/** A chart of rows of coloured cells: Grafana's `heatmap` of series or its `state-timeline`. */
function createCellView(slot: PanelSlot, style: CellStyle): PanelView {
  const chart = createChart(slot.body, slot.charts);
  return {
    update(data: PanelData) {
      const series = [...data.frame.series].sort((a, b) => a.name.localeCompare(b.name));
      const frame = { ...data.frame, series };
      const display = fieldDisplay(slot.panel, { name: "" });
      const cells = style.cells(frame, data.stepMs);
      const { colorOf, legend } = style.colors(slot.panel, cells, display);
      chart.draw(cellChart(frame, cells, display, data.range, colorOf));
      slot.legend.replaceChildren(...legend);
      return cells.length > 0;
    },
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}

/** Grafana's `heatmap` of time series: one row per series, a cell per step, an orange scale. */
export const createHeatmapView = (slot: PanelSlot): PanelView =>
  createCellView(slot, {
    cells: heatmapCells,
    colors(_panel, cells, display) {
      const [low, high] = cellRange(cells, display);
      const gradient = element("li", "legend-gradient");
      gradient.style.background = `linear-gradient(to right, ${schemes.oranges.join(", ")})`;
      const label = (v: number) =>
        element("li", "legend-name", formatValue(v, display.unit, display.decimals));
      return {
        colorOf: (value) => scaleColor(value, low, high, schemes.oranges),
        legend: [label(low), gradient, label(high)],
      };
    },
  });

/** Grafana's `state-timeline`: one row per series, a bar per run of one value, a colour per state. */
export const createStateTimelineView = (slot: PanelSlot): PanelView =>
  createCellView(slot, {
    cells: stateCells,
    colors(panel, cells, display) {
      const values = [...new Set(cells.map((c) => c[3]))].sort((a, b) => a - b);
      const colorOf = stateColors(panel, values);
      return {
        colorOf,
        legend: values.map((v) =>
          swatchItem(colorOf(v), formatValue(v, display.unit, display.decimals)),
        ),
      };
    },
  });
