import { exploreDashboard } from "../model/explore-dashboard.js";
import {
  type ExploreState,
  formatExploreState,
  parseExploreState,
  refIdOf,
} from "../model/explore-state.js";
import { parseTimeZone } from "../model/format-time.js";
import { loadDashboardData } from "./load-dashboard-data.js";
import { pageHeader } from "./page-header.js";
import { type GridPanel, renderPanelGrid } from "./panel-grid.js";
import { element } from "./panel-view.js";
import type { PrometheusClient } from "./prometheus-client.js";
import { createPromqlEditor, type PromqlEditor } from "./promql-editor.js";
import { resolveShownRange, timeRangeControl } from "./time-range-control.js";

export interface ExplorePageOptions {
  readonly root: HTMLElement;
  readonly client: PrometheusClient;
  readonly scrapeIntervalMs: number;
}

/**
 * Explore, as in Grafana: PromQL editors completed against the live Prometheus (Enter runs), the
 * queries' graph over the range and their values at its end, Prometheus' own error in the panel
 * for a bad query. The URL holds the queries and the range, so a link opens the same view.
 */
export function showExplorePage(options: ExplorePageOptions): void {
  const { root, client } = options;
  let state: ExploreState = parseExploreState(location.search);
  // The time zone a dashboard link carried here (`timezone=utc`), else the browser's.
  const timeZone = parseTimeZone(new URLSearchParams(location.search).get("timezone") ?? undefined);
  let editors: PromqlEditor[] = [];
  let panels: GridPanel[] = [];
  let generation = 0;

  const { header, controls } = pageHeader("Explore");
  const queries = element("div", "explore-queries");
  const notices = element("div", "notices");
  const grid = element("div", "grid");
  root.replaceChildren(header, queries, notices, grid);
  document.title = "Explore · trainwatch";
  // A chart follows its body's size, which also changes when its legend fills in.
  const resized = new ResizeObserver((entries) => {
    for (const entry of entries) panels.find((p) => p.slot.body === entry.target)?.view?.resize();
  });

  const run = async () => {
    state = { ...state, exprs: editors.map((e) => e.value()) };
    history.replaceState(null, "", `${location.pathname}?${formatExploreState(state)}`);
    renderControls();
    const range = resolveShownRange(state.from, state.to, notices);
    if (!range) return;
    notices.replaceChildren();
    for (const p of panels) p.view?.dispose();
    const dashboard = exploreDashboard(state.exprs);
    grid.replaceChildren();
    resized.disconnect();
    panels = renderPanelGrid(dashboard, grid, {
      timeZone: () => timeZone,
      onZoom: (start, end) => {
        state = { ...state, from: String(start), to: String(end) };
        history.pushState(null, "", `${location.pathname}?${formatExploreState(state)}`);
        void run();
      },
    });
    for (const p of panels) resized.observe(p.slot.body);
    const ticket = ++generation;
    const loaded = await loadDashboardData({
      dashboard,
      panels,
      client,
      range,
      variables: [],
      gridWidthPx: grid.clientWidth || 1200,
      scrapeIntervalMs: options.scrapeIntervalMs,
    });
    if (ticket !== generation) return; // a newer run started meanwhile: its results win
    loaded.panels.forEach((data, i) => {
      if (data) panels[i]?.show(data);
    });
    document.body.dataset.exploreRuns = String(generation);
  };

  const renderControls = () => {
    const button = element("button", "refresh-now", "Run query");
    button.addEventListener("click", () => void run());
    controls.replaceChildren(
      timeRangeControl(state.from, state.to, timeZone, (from, to) => {
        state = { ...state, from, to };
        void run();
      }),
      button,
    );
  };

  const renderQueries = (exprs: readonly string[]) => {
    for (const editor of editors) editor.dispose();
    queries.replaceChildren();
    editors = exprs.map((expr, i) => {
      const row = element("div", "explore-query");
      row.dataset.refId = refIdOf(i);
      const box = element("div", "explore-editor");
      row.append(element("span", "explore-ref", refIdOf(i)), box);
      if (exprs.length > 1) {
        const remove = element("button", "explore-remove", "Remove");
        remove.addEventListener("click", () => {
          renderQueries(editors.map((e) => e.value()).filter((_, k) => k !== i));
          void run();
        });
        row.append(remove);
      }
      queries.append(row);
      return createPromqlEditor(box, { doc: expr, onRun: () => void run() });
    });
    const add = element("button", "explore-add", "Add query");
    add.addEventListener("click", () => {
      renderQueries([...editors.map((e) => e.value()), ""]);
      editors.at(-1)?.focus();
    });
    queries.append(add);
  };

  renderQueries(state.exprs);
  renderControls();
  if (state.exprs.some((e) => e.trim() !== "")) void run();
  else editors[0]?.focus();
}
