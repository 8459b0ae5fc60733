import { timeseriesOption } from "../model/timeseries-option.js";
import { createChart } from "./echarts-adapter.js";
import { element, type PanelData, type PanelSlot, type PanelView } from "./panel-view.js";

/** Grafana's `timeseries`: lines over time, a legend below, a right y-axis where overridden. */
export function createTimeseriesView(slot: PanelSlot): PanelView {
  const chart = createChart(slot.body, slot.group);
  let shownLegend = "";
  return {
    update(data: PanelData) {
      const { option, legend, axes } = timeseriesOption(
        slot.panel,
        data.frame,
        data.range,
        data.annotations,
      );
      chart.set(option);
      slot.root.dataset.yAxes = String(axes.length);
      slot.root.dataset.yUnits = axes.map((a) => a.unit).join(",");
      // What a person sees marked on the chart: the titles of the annotations in its range.
      slot.root.dataset.annotations = [...new Set(data.annotations.map((a) => a.title))].join("|");
      // Rebuilt only when it changed: a new legend changes the chart's size, a costly layout.
      const key = JSON.stringify(legend);
      if (key === shownLegend) return data.frame.series.length > 0;
      shownLegend = key;
      slot.legend.replaceChildren(
        ...legend.map((item) => {
          const entry = element("li", "legend-item");
          const swatch = element("span", "swatch");
          swatch.style.background = item.color;
          entry.append(swatch, element("span", "legend-name", item.name));
          if (item.axis === "right") entry.append(element("span", "legend-axis", "(right y)"));
          return entry;
        }),
      );
      return data.frame.series.length > 0;
    },
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
