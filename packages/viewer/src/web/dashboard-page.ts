import type { Dashboard } from "../model/dashboard-schema.js";
import { panelExploreHref } from "../model/explore-state.js";
import { parseTimeZone, type TimeZone } from "../model/format-time.js";
import { parseDuration, resolveTimeRange, type TimeRange } from "../model/time-range.js";
import { formatUrlState, parseUrlState, type UrlState } from "../model/url-state.js";
import { loadDashboardData } from "./load-dashboard-data.js";
import { type GridPanel, renderPanelGrid } from "./panel-grid.js";
import { element } from "./panel-view.js";
import type { PrometheusClient } from "./prometheus-client.js";
import { closeDropdownsOutside, dashboardControls } from "./render-controls.js";
import { type ResolvedVariable, resolveVariables } from "./resolve-variables.js";
import { resolveShownRange } from "./time-range-control.js";

/** What the page is given: the dashboard, its problems, where to draw, how to query. */
export interface DashboardPageOptions {
  readonly dashboard: Dashboard;
  readonly dashboardProblems: readonly string[];
  readonly root: HTMLElement;
  readonly client: PrometheusClient;
  readonly scrapeIntervalMs: number;
}

/**
 * Shows one dashboard: title, variable selectors, time range and refresh pickers, the panel grid;
 * queries every panel on each refresh (auto-refresh as the URL or the dashboard says), and keeps
 * the URL in Grafana's form so a link opens the same view in both.
 */
export async function showDashboardPage(options: DashboardPageOptions): Promise<void> {
  const { dashboard, root, client } = options;
  let url: UrlState = parseUrlState(location.search);
  let from = url.from ?? dashboard.time.from;
  let to = url.to ?? dashboard.time.to;
  let refresh = url.refresh ?? (dashboard.refresh || "");
  let timeZone: TimeZone = parseTimeZone(url.timezone ?? dashboard.timezone);
  const viewPanel = url.viewPanel;
  let variables: ResolvedVariable[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let refreshes = 0;
  let generation = 0;

  const controls = element("div", "controls");
  closeDropdownsOutside(controls);
  const notices = element("div", "notices");
  const grid = element("div", "grid");
  const header = element("header", "dashboard-header");
  const home = element("a", "home", "trainwatch");
  home.href = "/";
  const explore = element("a", "explore-link", "Explore");
  explore.href = "/explore";
  // Runs overlaid against their steps, over this dashboard's range.
  const compare = element("a", "explore-link", "Compare runs");
  header.append(
    home,
    element("h1", "dashboard-title", dashboard.title),
    explore,
    compare,
    controls,
  );
  root.replaceChildren(header, notices, grid);
  document.title = `${dashboard.title} · trainwatch`;
  const hrefWith = (change: Partial<UrlState>) =>
    `${location.pathname}?${formatUrlState({ ...url, ...change })}`;
  const dashboardHref = () => hrefWith({ viewPanel: undefined });
  if (viewPanel !== undefined) {
    const back = element("a", "view-back", "Back to dashboard");
    back.href = dashboardHref();
    header.insertBefore(back, explore);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") location.assign(dashboardHref());
    });
  }
  // A drag across a chart zooms every panel to the selected range, as a new history entry.
  const zoom = (start: number, end: number) => {
    from = String(start);
    to = String(end);
    url = { ...url, from, to };
    history.pushState(null, "", hrefWith({}));
    void reload();
  };
  const panels: GridPanel[] = renderPanelGrid(dashboard, grid, {
    timeZone: () => timeZone,
    onZoom: zoom,
    viewPanel,
    viewHref: (id) => hrefWith({ viewPanel: id }),
  });
  grid.classList.toggle("view-panel", viewPanel !== undefined);
  // A chart follows its body's size, which also changes when its legend fills in.
  const resized = new ResizeObserver((entries) => {
    for (const entry of entries) panels.find((p) => p.slot.body === entry.target)?.view?.resize();
  });
  for (const p of panels) resized.observe(p.slot.body);

  const currentRange = (): TimeRange | undefined => resolveTimeRange(from, to, Date.now());
  const writeUrl = () => {
    url = {
      variables: Object.fromEntries(variables.map((v) => [v.name, v.selected])),
      from,
      to,
      refresh,
      timezone: url.timezone,
      viewPanel,
    };
    history.replaceState(null, "", hrefWith({}));
    for (const p of panels) {
      const link = p.slot.root.querySelector<HTMLAnchorElement>("a.panel-view");
      if (link) link.href = hrefWith({ viewPanel: p.id });
    }
    compare.href = `/compare?${new URLSearchParams({ from, to })}`;
    const back = header.querySelector<HTMLAnchorElement>("a.view-back");
    if (back) back.href = dashboardHref();
  };

  const renderControls = () => {
    controls.replaceChildren(
      ...dashboardControls(
        { variables, from, to, refresh, timeZone },
        {
          variable: (name, selected) => {
            url = { ...url, variables: { ...url.variables, [name]: selected } };
            void reload();
          },
          range: (start, end) => {
            from = start;
            to = end;
            void reload();
          },
          timeZone: (zone) => {
            timeZone = zone;
            url = { ...url, timezone: zone };
            writeUrl();
            renderControls();
            void refreshPanels();
          },
          refresh: (value) => {
            refresh = value;
            writeUrl();
            schedule();
          },
          refreshNow: () => void refreshPanels(),
        },
      ),
    );
  };

  const schedule = () => {
    clearTimeout(timer);
    const every = parseDuration(refresh);
    if (every !== undefined && every > 0) timer = setTimeout(() => void refreshPanels(), every);
  };

  const refreshPanels = async () => {
    const run = ++generation;
    clearTimeout(timer);
    const range = resolveShownRange(from, to, notices);
    if (!range) return;
    const loaded = await loadDashboardData({
      dashboard,
      panels,
      client,
      range,
      variables,
      gridWidthPx: grid.clientWidth || 1200,
      scrapeIntervalMs: options.scrapeIntervalMs,
    });
    if (run !== generation) return; // a newer refresh started meanwhile: its results win
    const started = performance.now();
    loaded.panels.forEach((data, i) => {
      if (data) panels[i]?.show(data);
    });
    notices.replaceChildren(
      ...[...options.dashboardProblems, ...loaded.annotationErrors].map((p) =>
        element("div", "problem", p),
      ),
    );
    refreshes += 1;
    document.body.dataset.refreshes = String(refreshes);
    performance.measure("trainwatch:draw", { start: started });
    if (refreshes === 1) performance.mark("trainwatch:all-panels-drawn");
    schedule();
  };

  const reload = async () => {
    const range = currentRange();
    if (range) variables = await resolveVariables(dashboard, url, client, range);
    writeUrl();
    renderControls();
    for (const p of panels) p.setExploreHref(panelExploreHref(p.panel, variables, { from, to }));
    await refreshPanels();
  };

  // Back and forward move through zooms: the URL's range (and variables) are shown again.
  addEventListener("popstate", () => {
    url = parseUrlState(location.search);
    from = url.from ?? dashboard.time.from;
    to = url.to ?? dashboard.time.to;
    refresh = url.refresh ?? (dashboard.refresh || "");
    timeZone = parseTimeZone(url.timezone ?? dashboard.timezone);
    void reload();
  });

  await reload();
}
