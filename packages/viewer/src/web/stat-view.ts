import { sparklinePath, statValues } from "../model/stat-values.js";
import { element, type PanelData, type PanelSlot, type PanelView } from "./panel-view.js";

const svgNs = "http://www.w3.org/2000/svg";

/** Grafana's `stat`: each series' reduced value, large, over a sparkline. */
export function createStatView(slot: PanelSlot): PanelView {
  return {
    update(data: PanelData) {
      const values = statValues(slot.panel, data.frame);
      slot.body.replaceChildren(
        ...values.map((v) => {
          const card = element("div", "stat");
          const svg = document.createElementNS(svgNs, "svg");
          svg.setAttribute("viewBox", "0 0 100 30");
          svg.setAttribute("preserveAspectRatio", "none");
          svg.classList.add("sparkline");
          const path = document.createElementNS(svgNs, "path");
          path.setAttribute("d", sparklinePath(v.values, 100, 30));
          path.setAttribute("stroke", v.color);
          svg.append(path);
          const value = element("div", "stat-value", v.text);
          value.style.color = v.color;
          card.append(svg, value);
          // One value needs no name, as in Grafana; several are told apart by theirs.
          if (values.length > 1) card.append(element("div", "stat-name", v.name));
          return card;
        }),
      );
      return values.length > 0;
    },
    resize: () => {},
    dispose: () => slot.body.replaceChildren(),
  };
}
