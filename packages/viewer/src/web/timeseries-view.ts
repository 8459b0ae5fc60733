import { timeseriesChart } from "../model/timeseries-chart.js";
import type { PanelData, PanelSlot, PanelView } from "./panel-view.js";
import { createSeriesLegend } from "./series-legend.js";
import { createChart } from "./uplot-chart.js";

/**
 * Grafana's `timeseries`: lines over time, a legend below (a click isolates a series), a right
 * y-axis where overridden.
 */
export function createTimeseriesView(slot: PanelSlot): PanelView {
  const chart = createChart(slot.body, slot.charts);
  const legend = createSeriesLegend(slot.legend, chart);
  return {
    update(data: PanelData) {
      const {
        chart: spec,
        legend: items,
        axes,
      } = timeseriesChart(slot.panel, data.frame, data.range, data.annotations);
      chart.draw(spec);
      slot.root.dataset.yAxes = String(axes.length);
      slot.root.dataset.yUnits = axes.map((a) => a.unit).join(",");
      // What a person sees marked on the chart: the titles of the annotations in its range.
      slot.root.dataset.annotations = [...new Set(data.annotations.map((a) => a.title))].join("|");
      legend.show(
        items.map((i) => ({
          name: i.name,
          color: i.color,
          ...(i.axis === "right" && { note: "(right y)" }),
        })),
      );
      return data.frame.series.length > 0;
    },
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
