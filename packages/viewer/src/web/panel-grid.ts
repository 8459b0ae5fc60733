import { panelProblems } from "../model/check-support.js";
import { compactLayout } from "../model/compact-layout.js";
import type { Dashboard, Panel } from "../model/dashboard-schema.js";
import type { TimeZone } from "../model/format-time.js";
import { frameCsv, tableCsv } from "../model/panel-csv.js";
import { panelIds } from "../model/panel-ids.js";
import { tableRows } from "../model/table-rows.js";
import { createPanelView } from "./create-panel-view.js";
import { createCrosshairGroup } from "./crosshair-group.js";
import { element, type PanelData, type PanelSlot, type PanelView } from "./panel-view.js";
import type { ChartOptions } from "./uplot-chart.js";

/** Height of one grid unit and the gap between panels, in pixels (Grafana's 30 and 8). */
export const gridUnitPx = 30;
export const gridGapPx = 8;

/** How the grid is drawn: its charts' time zone and zoom, and which panel alone, if one. */
export interface GridOptions {
  readonly timeZone: () => TimeZone;
  readonly onZoom?: (from: number, to: number) => void;
  /** Only the panel of this id, as large as the window (Grafana's `viewPanel`). */
  readonly viewPanel?: number;
  /** Where a panel's "View" entry leads (its `viewPanel` link); none: no entry. */
  readonly viewHref?: (id: number) => string;
}

/** A drawn panel: its slot, its view (none for an unsupported one) and how to show a result. */
export interface GridPanel {
  readonly panel: Panel;
  /** Its id, what `viewPanel=` names. */
  readonly id: number;
  readonly slot: PanelSlot;
  readonly view?: PanelView;
  /** Shows a refresh's data: the chart, "No data", or Prometheus' errors in the panel. */
  show(data: PanelData): void;
  /** Where the header's Explore link goes (its queries over the page's range); none: hidden. */
  setExploreHref(href: string | undefined): void;
}

function panelShell(
  panel: Panel,
  viewHref: string | undefined,
): {
  root: HTMLElement;
  body: HTMLElement;
  legend: HTMLElement;
  explore: HTMLAnchorElement;
  csv: HTMLButtonElement;
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
  // Its data as a file: the rows and columns it shows.
  const csv = element("button", "panel-csv", "CSV");
  csv.title = "Download this panel's data as CSV";
  csv.hidden = true;
  header.append(explore, csv);
  if (viewHref !== undefined) {
    const view = element("a", "panel-view", "View");
    view.href = viewHref;
    view.title = "Show this panel alone, full size (Esc returns)";
    header.append(view);
  }
  const body = element("div", "panel-body");
  const legend = element("ul", "legend");
  root.append(header, body, legend, element("div", "panel-message"));
  return { root, body, legend, explore, csv };
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

/** Offers `text` as a file named `name` to the browser's downloads. */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = element("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A panel's data as CSV: a table's rows as shown, a chart's series on their time grid. */
const panelCsv = (panel: Panel, data: PanelData) =>
  panel.type === "table" ? tableCsv(tableRows(panel, data.tables)) : frameCsv(data.frame);

function gridPanel(panel: Panel, id: number, charts: ChartOptions, viewHref?: string): GridPanel {
  const { root, body, legend, explore, csv } = panelShell(panel, viewHref);
  root.dataset.panelId = String(id);
  const slot = { panel, root, body, legend, charts };
  const setExploreHref = (href: string | undefined) => {
    explore.hidden = href === undefined;
    if (href !== undefined) explore.href = href;
  };
  const problems = panelProblems(panel);
  if (problems.length > 0) {
    placeholder(root, body, problems, panel.type);
    return { panel, id, slot, show: () => {}, setExploreHref };
  }
  const view = createPanelView(slot);
  const message = root.querySelector(".panel-message") as HTMLElement;
  let last: PanelData | undefined;
  csv.addEventListener("click", () => {
    if (last) download(`${panel.title || `panel-${id}`}.csv`, panelCsv(panel, last));
  });
  return {
    panel,
    id,
    slot,
    view,
    setExploreHref,
    show(data) {
      const started = performance.now();
      const drawn = view.update(data);
      last = data;
      csv.hidden = !drawn;
      // What it shows, for a test or a script to read: the range and step it queried.
      root.dataset.range = `${data.range.from}-${data.range.to}`;
      root.dataset.stepMs = String(data.stepMs);
      performance.measure(`trainwatch:panel:${panel.title}`, { start: started });
      root.dataset.state = data.errors.length > 0 && !drawn ? "error" : drawn ? "data" : "empty";
      message.replaceChildren(
        ...data.errors.map((e) => element("div", "panel-error", e)),
        ...(drawn || data.errors.length > 0
          ? []
          : [element("div", "no-data", panel.fieldConfig.defaults.noValue ?? "No data")]),
      );
    },
  };
}

/**
 * Lays out a dashboard's panels on the 24-column grid (compacted upwards as Grafana does), rows
 * as section headers (a collapsed row's panels shown under it), each supported panel
 * with its view and the others with a placeholder naming what is unsupported; with `viewPanel`,
 * that panel alone, the grid's full width and the window's height.
 */
export function renderPanelGrid(
  dashboard: Dashboard,
  container: HTMLElement,
  options: GridOptions,
): GridPanel[] {
  const group = dashboard.graphTooltip > 0 ? createCrosshairGroup() : undefined;
  const charts = { group, timeZone: options.timeZone, onZoom: options.onZoom };
  // A read-only view shows everything: a collapsed row's panels are laid out under it.
  const all = dashboard.panels.flatMap((p) => [p, ...(p.type === "row" ? (p.panels ?? []) : [])]);
  const allIds = panelIds(all);
  const alone = all.findIndex((p, i) => p.type !== "row" && allIds[i] === options.viewPanel);
  const flat = alone >= 0 ? [all[alone] as Panel] : all;
  const ids = alone >= 0 ? [allIds[alone] as number] : allIds;
  const tall = Math.max(8, Math.floor((innerHeight - 110) / (gridUnitPx + gridGapPx)));
  const boxes =
    alone >= 0 ? [{ x: 0, y: 0, w: 24, h: tall }] : compactLayout(flat.map((p) => p.gridPos));
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
    const id = ids[i] as number;
    const drawn = gridPanel(panel, id, charts, alone >= 0 ? undefined : options.viewHref?.(id));
    place(drawn.slot.root);
    container.append(drawn.slot.root);
    panels.push(drawn);
  });
  return panels;
}
