import { toggleSeries } from "../model/toggle-series.js";
import { element } from "./panel-view.js";
import type { Chart } from "./uplot-chart.js";

/** A legend entry as a chart draws it. */
export interface SeriesLegendItem {
  readonly name: string;
  readonly color: string;
  /** Drawn dashed (validation beside train). */
  readonly dash?: boolean;
  /** A note after the name, such as `(right y)`. */
  readonly note?: string;
}

/** A chart's legend: shows its entries; a click isolates one. */
export interface SeriesLegend {
  /** Shows these entries; the series hidden before stay hidden where their names remain. */
  show(items: readonly SeriesLegendItem[]): void;
}

/**
 * The legend of a chart of series, as Grafana's works: a click (or Enter) on an entry shows only
 * that series, again shows all; Ctrl/⌘ hides or shows just that one. Hidden entries are dimmed.
 */
export function createSeriesLegend(list: HTMLElement, chart: Chart): SeriesLegend {
  let shown = "";
  let names: readonly string[] = [];
  let hidden = new Set<string>();
  const apply = () => {
    chart.setHidden(new Set(names.flatMap((n, i) => (hidden.has(n) ? [i] : []))));
    list.querySelectorAll<HTMLElement>(".legend-item").forEach((item, i) => {
      const off = hidden.has(names[i] ?? "");
      item.classList.toggle("series-hidden", off);
      item.setAttribute("aria-pressed", String(!off));
    });
  };
  const pick = (name: string, event: MouseEvent | KeyboardEvent) => {
    hidden = toggleSeries(names, hidden, name, event.ctrlKey || event.metaKey);
    apply();
  };
  const entry = (item: SeriesLegendItem) => {
    const li = element("li", "legend-item");
    li.tabIndex = 0;
    li.setAttribute("role", "button");
    li.title = "Click: show only this series; Ctrl/⌘-click: hide or show it";
    const swatch = element("span", item.dash ? "swatch dashed" : "swatch");
    swatch.style.backgroundColor = item.color;
    li.append(swatch, element("span", "legend-name", item.name));
    if (item.note) li.append(element("span", "legend-axis", item.note));
    li.addEventListener("click", (event) => pick(item.name, event));
    li.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      pick(item.name, event);
    });
    return li;
  };
  return {
    show(items) {
      // Rebuilt only when it changed: a new legend changes the chart's size, a costly layout.
      const key = JSON.stringify(items);
      if (key !== shown) {
        shown = key;
        names = items.map((i) => i.name);
        hidden = new Set([...hidden].filter((n) => names.includes(n)));
        list.replaceChildren(...items.map(entry));
      }
      apply();
    },
  };
}
