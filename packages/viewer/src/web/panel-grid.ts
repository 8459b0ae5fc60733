import { panelProblems } from "../model/check-support.js";
import { compactLayout } from "../model/compact-layout.js";
import type { Dashboard, Panel } from "../model/dashboard-schema.js";
import { createPanelView } from "./create-panel-view.js";
import { type CrosshairGroup, createCrosshairGroup } from "./echarts-adapter.js";
import { element, type PanelData, type PanelSlot, type PanelView } from "./panel-view.js";

/** Height of one grid unit and the gap between panels, in pixels (Grafana's 30 and 8). */
export const gridUnitPx = 30;
export const gridGapPx = 8;

/** A drawn panel: its slot, its view (none for an unsupported one) and how to show a result. */
export interface GridPanel {
  readonly panel: Panel;
  readonly slot: PanelSlot;
  readonly view?: PanelView;
  /** Shows a refresh's data: the chart, "No data", or Prometheus' errors in the panel. */
  show(data: PanelData): void;
  /** Where the header's Explore link goes (its queries over the page's range); none: hidden. */
  setExploreHref(href: string | undefined): void;
}

function panelShell(panel: Panel): {
  root: HTMLElement;
  body: HTMLElement;
  legend: HTMLElement;
  explore: HTMLAnchorElement;
} {
  const root = element("section", "panel");
  root.dataset.panelType = panel.type;
  root.dataset.panelTitle = panel.title;
  root.dataset.state = "loading";
  const header = element("header", "panel-header");
  const title = element("h3", "panel-title", panel.title);
  header.append(title);
  if (panel.description) {
    const info = element("span", "panel-info", "i");
    info.title = panel.description;
    title.title = panel.description;
    header.append(info);
  }
  // As Grafana's panel menu: the panel's queries in Explore, where a person can change them.
  const explore = element("a", "panel-explore", "Explore");
  explore.title = "Open this panel's queries in Explore";
  explore.hidden = true;
  header.append(explore);
  const body = element("div", "panel-body");
  const legend = element("ul", "legend");
  root.append(header, body, legend, element("div", "panel-message"));
  return { root, body, legend, explore };
}

function placeholder(
  root: HTMLElement,
  body: HTMLElement,
  problems: readonly string[],
  type: string,
) {
  root.dataset.state = "unsupported";
  const box = element("div", "placeholder");
  box.append(
    element("strong", undefined, "Not drawn by this viewer"),
    element("span", undefined, `${type} panel uses: ${problems.join("; ")}`),
  );
  body.replaceChildren(box);
}

function gridPanel(panel: Panel, group: CrosshairGroup | undefined): GridPanel {
  const { root, body, legend, explore } = panelShell(panel);
  const slot = { panel, root, body, legend, group };
  const setExploreHref = (href: string | undefined) => {
    explore.hidden = href === undefined;
    if (href !== undefined) explore.href = href;
  };
  const problems = panelProblems(panel);
  if (problems.length > 0) {
    placeholder(root, body, problems, panel.type);
    return { panel, slot, show: () => {}, setExploreHref };
  }
  const view = createPanelView(slot);
  const message = root.querySelector(".panel-message") as HTMLElement;
  return {
    panel,
    slot,
    view,
    setExploreHref,
    show(data) {
      const started = performance.now();
      const drawn = view.update(data);
      performance.measure(`trainwatch:panel:${panel.title}`, { start: started });
      root.dataset.state = data.errors.length > 0 && !drawn ? "error" : drawn ? "data" : "empty";
      message.replaceChildren(
        ...data.errors.map((e) => element("div", "panel-error", e)),
        ...(drawn || data.errors.length > 0 ? [] : [element("div", "no-data", "No data")]),
      );
    },
  };
}

/**
 * Lays out a dashboard's panels on the 24-column grid (compacted upwards as Grafana does), rows
 * as section headers (a collapsed row's panels shown under it), each supported panel
 * with its view and the others with a placeholder naming what is unsupported.
 */
export function renderPanelGrid(dashboard: Dashboard, container: HTMLElement): GridPanel[] {
  const group = dashboard.graphTooltip > 0 ? createCrosshairGroup() : undefined;
  // A read-only view shows everything: a collapsed row's panels are laid out under it.
  const flat = dashboard.panels.flatMap((p) => [p, ...(p.type === "row" ? (p.panels ?? []) : [])]);
  const boxes = compactLayout(flat.map((p) => p.gridPos));
  const panels: GridPanel[] = [];
  flat.forEach((panel, i) => {
    const box = boxes[i] as Panel["gridPos"];
    const place = (node: HTMLElement) => {
      node.style.gridColumn = `${box.x + 1} / span ${box.w}`;
      node.style.gridRow = `${box.y + 1} / span ${box.h}`;
    };
    if (panel.type === "row") {
      const header = element("h2", "row-header", panel.title);
      place(header);
      container.append(header);
      return;
    }
    const drawn = gridPanel(panel, group);
    place(drawn.slot.root);
    container.append(drawn.slot.root);
    panels.push(drawn);
  });
  return panels;
}
