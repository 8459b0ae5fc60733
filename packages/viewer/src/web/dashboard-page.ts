import type { Dashboard } from "../model/dashboard-schema.js";
import {
  chooseStep,
  parseDuration,
  parseTime,
  resolveTimeRange,
  type TimeRange,
} from "../model/time-range.js";
import { formatUrlState, parseUrlState, type UrlState } from "../model/url-state.js";
import { loadAnnotations } from "./load-annotations.js";
import { loadPanelData } from "./load-panel-data.js";
import { type GridPanel, renderPanelGrid } from "./panel-grid.js";
import { element } from "./panel-view.js";
import type { PrometheusClient } from "./prometheus-client.js";
import {
  quickRanges,
  refreshIntervals,
  selectControl,
  variableControl,
} from "./render-controls.js";
import { type ResolvedVariable, resolveVariables } from "./resolve-variables.js";

/**
 * Horizontal pixels per queried point: 2, as dense as Prometheus' own graph at its medium
 * resolution, half Grafana's one point per pixel (a refresh then draws half the points).
 */
const pixelsPerPoint = 2;

/** A range that is not a quick one, as a person reads it: `21:11:40 to 21:12:25`. */
function describeRange(from: string, to: string): string {
  const show = (text: string) => {
    const at = parseTime(text, Date.now());
    return at === undefined || text.startsWith("now") ? text : new Date(at).toLocaleTimeString();
  };
  return `${show(from)} to ${show(to)}`;
}

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
  let variables: ResolvedVariable[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let refreshes = 0;
  let generation = 0;

  const controls = element("div", "controls");
  const notices = element("div", "notices");
  const grid = element("div", "grid");
  const header = element("header", "dashboard-header");
  const home = element("a", "home", "trainwatch");
  home.href = "/";
  header.append(home, element("h1", "dashboard-title", dashboard.title), controls);
  root.replaceChildren(header, notices, grid);
  document.title = `${dashboard.title} · trainwatch`;
  const panels: GridPanel[] = renderPanelGrid(dashboard, grid);
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
    };
    history.replaceState(null, "", `${location.pathname}?${formatUrlState(url)}`);
  };

  const renderControls = () => {
    controls.replaceChildren(
      ...variables.map((v) =>
        variableControl(v, (selected) => {
          url = { ...url, variables: { ...url.variables, [v.name]: selected } };
          void reload();
        }),
      ),
      selectControl(
        "Time range",
        quickRanges,
        from,
        (value) => {
          from = value;
          to = "now";
          void reload();
        },
        "time-range",
        describeRange(from, to),
      ),
      selectControl(
        "Refresh",
        refreshIntervals.map((r) => [r, r === "" ? "Off" : r] as const),
        refresh,
        (value) => {
          refresh = value;
          writeUrl();
          schedule();
        },
        "refresh",
      ),
      Object.assign(element("button", "refresh-now", "Refresh"), {
        onclick: () => void refreshPanels(),
      }),
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
    const range = currentRange();
    if (!range) {
      notices.replaceChildren(element("div", "problem", `Not a time range: from=${from} to=${to}`));
      return;
    }
    const width = grid.clientWidth || 1200;
    const dashboardStep = chooseStep(range, width / pixelsPerPoint, options.scrapeIntervalMs);
    const annotations = await loadAnnotations(dashboard, variables, client, range, dashboardStep);
    const loaded = await Promise.all(
      panels.map(async (p) => {
        if (!p.view) return undefined;
        const points = (width * p.panel.gridPos.w) / 24 / pixelsPerPoint;
        const stepMs = chooseStep(range, points, options.scrapeIntervalMs);
        return loadPanelData(p.panel, {
          client,
          range,
          stepMs,
          scrapeIntervalMs: options.scrapeIntervalMs,
          variables,
          annotations: annotations.events,
        });
      }),
    );
    if (run !== generation) return; // a newer refresh started meanwhile: its results win
    const started = performance.now();
    loaded.forEach((data, i) => {
      if (data) panels[i]?.show(data);
    });
    notices.replaceChildren(
      ...[...options.dashboardProblems, ...annotations.errors].map((p) =>
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
    await refreshPanels();
  };

  await reload();
}
