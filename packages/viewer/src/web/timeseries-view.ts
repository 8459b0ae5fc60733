import { timeseriesChart } from "../model/timeseries-chart.js";
import { toggleSeries } from "../model/toggle-series.js";
import { element, type PanelData, type PanelSlot, type PanelView } from "./panel-view.js";
import { createChart } from "./uplot-chart.js";

/**
 * Grafana's `timeseries`: lines over time, a legend below, a right y-axis where overridden. A
 * click on a legend entry shows only that series (again: all), Ctrl/⌘-click toggles it.
 */
export function createTimeseriesView(slot: PanelSlot): PanelView {
  const chart = createChart(slot.body, slot.charts);
  let shownLegend = "";
  let names: readonly string[] = [];
  let hidden = new Set<string>();
  const apply = () => {
    chart.setHidden(new Set(names.flatMap((n, i) => (hidden.has(n) ? [i] : []))));
    slot.legend.querySelectorAll<HTMLElement>(".legend-item").forEach((item, i) => {
      const off = hidden.has(names[i] ?? "");
      item.classList.toggle("series-hidden", off);
      item.setAttribute("aria-pressed", String(!off));
    });
  };
  const pick = (name: string, event: MouseEvent | KeyboardEvent) => {
    hidden = toggleSeries(names, hidden, name, event.ctrlKey || event.metaKey);
    apply();
  };
  return {
    update(data: PanelData) {
      const {
        chart: spec,
        legend,
        axes,
      } = timeseriesChart(slot.panel, data.frame, data.range, data.annotations);
      chart.draw(spec);
      slot.root.dataset.yAxes = String(axes.length);
      slot.root.dataset.yUnits = axes.map((a) => a.unit).join(",");
      // What a person sees marked on the chart: the titles of the annotations in its range.
      slot.root.dataset.annotations = [...new Set(data.annotations.map((a) => a.title))].join("|");
      // Rebuilt only when it changed: a new legend changes the chart's size, a costly layout.
      const key = JSON.stringify(legend);
      if (key !== shownLegend) {
        shownLegend = key;
        names = legend.map((l) => l.name);
        slot.legend.replaceChildren(
          ...legend.map((item) => {
            const entry = element("li", "legend-item");
            entry.tabIndex = 0;
            entry.setAttribute("role", "button");
            entry.title = "Click: show only this series; Ctrl/⌘-click: hide or show it";
            const swatch = element("span", "swatch");
            swatch.style.background = item.color;
            entry.append(swatch, element("span", "legend-name", item.name));
            if (item.axis === "right") entry.append(element("span", "legend-axis", "(right y)"));
            entry.addEventListener("click", (event) => pick(item.name, event));
            entry.addEventListener("keydown", (event) => {
              if (event.key !== "Enter" && event.key !== " ") return;
              event.preventDefault();
              pick(item.name, event);
            });
            return entry;
          }),
        );
      }
      apply();
      return data.frame.series.length > 0;
    },
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
