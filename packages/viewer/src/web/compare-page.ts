import { runColumns, runCurveQueries, runCurves, runListQuery } from "../model/compare-queries.js";
import {
  type CompareState,
  formatCompareState,
  parseCompareState,
} from "../model/compare-state.js";
import type { VectorSample } from "../model/prometheus-result.js";
import { type RunCurves, runOverlay } from "../model/run-overlay.js";
import { chooseStep } from "../model/time-range.js";
import { pageHeader } from "./page-header.js";
import { element } from "./panel-view.js";
import type { PrometheusClient } from "./prometheus-client.js";
import { selectControl } from "./select-control.js";
import { createSeriesLegend, type SeriesLegend } from "./series-legend.js";
import { resolveShownRange, timeRangeControl } from "./time-range-control.js";
import { type Chart, createChart } from "./uplot-chart.js";

export interface ComparePageOptions {
  readonly root: HTMLElement;
  readonly client: PrometheusClient;
  readonly scrapeIntervalMs: number;
}

/** A run's curves of loss and accuracy, fetched once per range and smoothed on demand. */
interface FetchedRun {
  readonly loss: RunCurves;
  readonly accuracy: RunCurves;
}

/** A panel of the page: the same markup as a dashboard's, so it looks and tests alike. */
function comparePanel(title: string) {
  const root = element("section", "panel compare-panel");
  root.dataset.panelTitle = title;
  root.dataset.panelType = "timeseries";
  root.dataset.state = "loading";
  const header = element("header", "panel-header");
  header.append(element("h3", "panel-title", title));
  const body = element("div", "panel-body");
  const legend = element("ul", "legend");
  const message = element("div", "panel-message");
  root.append(header, body, legend, message);
  return { root, body, legend, message };
}

/**
 * Run comparison as TensorBoard draws it: pick runs from the list of those in the range (their
 * hyperparameters beside them), and their loss and accuracy are overlaid against steps or the
 * time since each began, the loss smoothed by a slider (debiased EMA, 0 = raw). The URL holds the
 * runs, axis, smoothing and range.
 */
export function showComparePage(options: ComparePageOptions): void {
  const { root, client } = options;
  let state: CompareState = parseCompareState(location.search);
  let fetched = new Map<string, FetchedRun>();
  let listed: VectorSample[] = [];
  let generation = 0;

  const { header, controls } = pageHeader("Compare runs");
  const notices = element("div", "notices");
  const runs = element("section", "panel compare-runs");
  runs.dataset.panelTitle = "Runs";
  runs.dataset.panelType = "table";
  const loss = comparePanel("Loss");
  const accuracy = comparePanel("Accuracy");
  const charts = element("div", "compare-charts");
  charts.append(loss.root, accuracy.root);
  root.replaceChildren(header, notices, runs, charts);
  document.title = "Compare runs · trainwatch";
  const chartOptions = { timeZone: () => "browser" as const };
  const lossChart = createChart(loss.body, chartOptions);
  const accuracyChart = createChart(accuracy.body, chartOptions);
  new ResizeObserver(() => {
    lossChart.resize();
    accuracyChart.resize();
  }).observe(charts);

  const writeUrl = () =>
    history.replaceState(null, "", `${location.pathname}?${formatCompareState(state)}`);

  const lossLegend = createSeriesLegend(loss.legend, lossChart);
  const accuracyLegend = createSeriesLegend(accuracy.legend, accuracyChart);
  const draw = (
    panel: ReturnType<typeof comparePanel>,
    chart: Chart,
    legend: SeriesLegend,
    curves: RunCurves[],
    unit: string,
    smoothing: number,
  ) => {
    const spec = runOverlay(curves, { x: state.x, smoothing, unit });
    const drawn = spec.series.length > 0;
    panel.root.dataset.state = drawn ? "data" : "empty";
    panel.message.replaceChildren(
      ...(drawn ? [] : [element("div", "no-data", "Choose runs above to overlay them")]),
    );
    chart.draw(spec);
    legend.show(spec.series.map((s) => ({ name: s.label, color: s.color, dash: s.dash })));
  };

  const drawCharts = () => {
    const chosen = state.runs.flatMap((r) => {
      const run = fetched.get(r);
      return run ? [run] : [];
    });
    draw(
      loss,
      lossChart,
      lossLegend,
      chosen.map((r) => r.loss),
      "none",
      state.smoothing,
    );
    draw(
      accuracy,
      accuracyChart,
      accuracyLegend,
      chosen.map((r) => r.accuracy),
      "percentunit",
      0,
    );
    document.body.dataset.compareDraws = String(
      Number(document.body.dataset.compareDraws ?? 0) + 1,
    );
  };

  const renderRuns = () => {
    const table = element("table", "table");
    const head = element("tr");
    head.append(
      element("th", undefined, "compare"),
      ...runColumns.map(([, h]) => element("th", undefined, h)),
    );
    table.append(element("thead"), element("tbody"));
    table.tHead?.append(head);
    for (const sample of listed) {
      const id = sample.metric.run_id ?? "";
      const row = element("tr");
      const box = element("input");
      box.type = "checkbox";
      box.name = "run";
      box.value = id;
      box.checked = state.runs.includes(id);
      box.setAttribute("aria-label", `compare run ${id}`);
      box.addEventListener("change", () => {
        state = {
          ...state,
          runs: box.checked ? [...state.runs, id] : state.runs.filter((r) => r !== id),
        };
        void load(false);
      });
      const pick = element("td");
      pick.append(box);
      row.append(
        pick,
        ...runColumns.map(([label]) => element("td", undefined, sample.metric[label] ?? "")),
      );
      table.tBodies[0]?.append(row);
    }
    runs.replaceChildren(
      element("header", "panel-header", "Runs in the time range: tick two or more to overlay them"),
      table,
    );
    runs.dataset.state = listed.length > 0 ? "data" : "empty";
  };

  const renderControls = () => {
    const smoothing = element("label", "control smoothing");
    const slider = element("input");
    slider.type = "range";
    slider.name = "smoothing";
    slider.min = "0";
    slider.max = "0.99";
    slider.step = "0.01";
    slider.value = String(state.smoothing);
    const shown = element("span", "control-value", state.smoothing.toFixed(2));
    slider.addEventListener("input", () => {
      state = { ...state, smoothing: Number(slider.value) };
      shown.textContent = state.smoothing.toFixed(2);
      writeUrl();
      drawCharts();
    });
    smoothing.append(element("span", "control-label", "Smoothing"), slider, shown);
    controls.replaceChildren(
      timeRangeControl(state.from, state.to, "browser", (from, to) => {
        state = { ...state, from, to };
        renderControls();
        void load(true);
      }),
      selectControl(
        "X-axis",
        [
          ["step", "Step"],
          ["relative", "Relative time"],
        ],
        state.x,
        (value) => {
          state = { ...state, x: value === "relative" ? "relative" : "step" };
          writeUrl();
          drawCharts();
        },
        "x",
      ),
      smoothing,
    );
  };

  /** Lists the runs (when the range changed) and fetches the chosen runs not fetched yet. */
  const load = async (listAgain: boolean) => {
    const ticket = ++generation;
    writeUrl();
    const range = resolveShownRange(state.from, state.to, notices);
    if (!range) return;
    notices.replaceChildren();
    try {
      if (listAgain) {
        fetched = new Map();
        listed = await client.query(runListQuery((range.to - range.from) / 1000), range.to);
        listed.sort((a, b) => (a.metric.run_id ?? "").localeCompare(b.metric.run_id ?? ""));
        if (ticket !== generation) return;
        renderRuns();
      }
      // A point per 2 pixels of one of the two charts, as the dashboards choose their step.
      const step = chooseStep(
        range,
        (charts.clientWidth || 1200) / 2 / 2,
        options.scrapeIntervalMs,
      );
      const start = Math.floor(range.from / step) * step;
      const end = Math.ceil(range.to / step) * step;
      for (const id of state.runs.filter((r) => !fetched.has(r))) {
        const run = listed.find((s) => s.metric.run_id === id);
        if (!run) continue;
        const queries = runCurveQueries(id);
        const [lossSeries, accuracySeries, steps] = await Promise.all(
          [queries.loss, queries.accuracy, queries.steps].map((q) =>
            client.queryRange(q, start, end, step),
          ),
        );
        fetched.set(id, {
          loss: runCurves(run, lossSeries ?? [], steps ?? []),
          accuracy: runCurves(run, accuracySeries ?? [], steps ?? []),
        });
      }
    } catch (error) {
      notices.replaceChildren(element("div", "problem", (error as Error).message));
    }
    if (ticket !== generation) return;
    const missing = state.runs.filter((r) => !listed.some((s) => s.metric.run_id === r));
    if (missing.length > 0)
      notices.append(
        element(
          "div",
          "problem",
          `Not in the time range: run ${missing.join(", ")}; widen the range`,
        ),
      );
    drawCharts();
  };

  renderControls();
  void load(true);
}
