// The one module that touches uPlot: every chart of the viewer (time series and rows of cells).
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { cellRects } from "../model/cell-chart.js";
import type { ChartAxis, ChartSpec } from "../model/chart-spec.js";
import { formatAxisTime, formatClock, type TimeZone } from "../model/format-time.js";
import { theme } from "../model/palette.js";
import type { CrosshairGroup } from "./crosshair-group.js";
import { element } from "./panel-view.js";

/** A chart in one element. */
export interface Chart {
  /** Draws a spec: new data in place when only the data changed, a new plot when its shape did. */
  draw(spec: ChartSpec): void;
  /** Hides the series whose indexes are in `hidden`, shows the others. */
  setHidden(hidden: ReadonlySet<number>): void;
  resize(): void;
  dispose(): void;
}

/** How a chart is placed among the page's others. */
export interface ChartOptions {
  /** Charts of one group share their crosshair. */
  readonly group?: CrosshairGroup;
  /** The zone its axis and tooltip write times in. */
  readonly timeZone: () => TimeZone;
  /** A drag across the chart selected this time range (ms): the page zooms to it. */
  readonly onZoom?: (from: number, to: number) => void;
}

const font = "11px Inter, 'Helvetica Neue', Arial, sans-serif";

/** A y-range that leaves the lines off the edges, with the panel's fixed ends where it sets them. */
function yRange(axis: ChartAxis | undefined, low: number | null, high: number | null) {
  const [min, max] = [low ?? 0, high ?? 1];
  const pad = max > min ? (max - min) * 0.05 : Math.abs(max) * 0.1 || 1;
  return [axis?.min ?? min - pad, axis?.max ?? max + pad] as uPlot.Range.MinMax;
}

/** An axis as wide as its longest label. */
function axisSize(self: uPlot, values: string[] | undefined, index: number, cycle: number) {
  const axis = self.axes[index] as uPlot.Axis & { _size?: number };
  if (cycle > 1 && axis._size) return axis._size;
  self.ctx.font = font;
  const longest = Math.max(0, ...(values ?? []).map((v) => self.ctx.measureText(v).width));
  return Math.ceil(longest / devicePixelRatio + 12);
}

const alpha = (hex: string, opacity: number) =>
  `${hex}${Math.round(opacity * 255)
    .toString(16)
    .padStart(2, "0")}`;

/** Annotation regions under the series, moments over them, and cells: painted in canvas pixels. */
function paintMarks(self: uPlot, spec: ChartSpec, layer: "under" | "over") {
  const { ctx, bbox } = self;
  const x = (t: number) => self.valToPos(t, "x", true);
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  for (const mark of spec.marks) {
    if ((mark.start === mark.end) !== (layer === "over")) continue;
    if (layer === "under") {
      ctx.fillStyle = alpha(mark.color.startsWith("#") ? mark.color : "#888888", 0.12);
      ctx.fillRect(x(mark.start), bbox.top, x(mark.end) - x(mark.start), bbox.height);
      continue;
    }
    ctx.strokeStyle = mark.color;
    ctx.lineWidth = devicePixelRatio;
    ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(Math.round(x(mark.start)) + 0.5, bbox.top);
    ctx.lineTo(Math.round(x(mark.start)) + 0.5, bbox.top + bbox.height);
    ctx.stroke();
  }
  if (layer === "over" && spec.cells) {
    const { rows, cells, colorOf } = spec.cells;
    const rects = cellRects(cells, rows.length, spec.range, bbox, colorOf);
    for (const r of rects) {
      ctx.fillStyle = r.color;
      // Whole pixels: neighbouring cells meet without an anti-aliased seam between them.
      const left = Math.floor(bbox.left + r.x);
      const right = Math.ceil(bbox.left + r.x + r.width);
      ctx.fillRect(left, Math.round(bbox.top + r.y), right - left, Math.round(r.height));
    }
  }
  ctx.restore();
}

/** The uPlot options of a spec: one scale per y-axis (or the rows of cells), the page's theme. */
function plotOptions(
  spec: () => ChartSpec,
  size: { width: number; height: number },
  options: ChartOptions,
  hooks: uPlot.Hooks.Arrays,
): uPlot.Options {
  const first = spec();
  const zone = options.timeZone();
  const common = {
    stroke: theme.axis,
    font,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
  };
  const rows = first.cells?.rows;
  const yAxes: uPlot.Axis[] = rows
    ? [
        {
          ...common,
          scale: "rows",
          grid: { show: false },
          splits: () => rows.map((_, r) => rows.length - r - 0.5),
          values: (_self, splits) =>
            splits.map((v) => {
              const name = rows[Math.round(rows.length - 0.5 - v)] ?? "";
              return name.length > 28 ? `${name.slice(0, 27)}…` : name;
            }),
          size: axisSize,
        },
      ]
    : first.axes.map((axis) => ({
        ...common,
        scale: axis.scale,
        side: axis.scale === "left" ? 3 : 1,
        grid: { ...common.grid, show: axis.scale === "left" },
        values: (_self: uPlot, splits: number[]) => splits.map((v) => axis.format(v)),
        size: axisSize,
      }));
  const scaleOf = (key: string) => first.axes.find((a) => a.scale === key);
  return {
    ...size,
    ms: 1,
    tzDate: (ts) => (zone === "utc" ? uPlot.tzDate(new Date(ts), "Etc/UTC") : new Date(ts)),
    legend: { show: false },
    padding: [8, 8, 0, 0],
    cursor: {
      // The time line only, as Grafana draws its crosshair.
      y: false,
      drag: { x: options.onZoom !== undefined, y: false, setScale: false },
      points: { size: 6, width: 1 },
    },
    scales: {
      x: {
        time: first.x === undefined,
        range: () => {
          const { from, to } = spec().range;
          return to > from ? [from, to] : [from - 1, to + 1];
        },
      },
      left: { range: (_self, low, high) => yRange(scaleOf("left"), low, high) },
      right: { range: (_self, low, high) => yRange(scaleOf("right"), low, high) },
      rows: { range: () => [0, Math.max(1, rows?.length ?? 1)] },
    },
    axes: [
      first.x
        ? {
            ...common,
            label: first.x.label,
            labelSize: 18,
            labelFont: font,
            space: 60,
            values: (_self, splits) => splits.map((v) => first.x?.tick(v) ?? ""),
          }
        : {
            ...common,
            // Room for a label with seconds (`13:05:09`) and a gap between two.
            space: 80,
            values: (_self, splits, _index, _space, spacing) =>
              splits.map((v) => formatAxisTime(v, spacing, zone)),
          },
      ...yAxes,
    ],
    series: [
      {},
      ...first.series.map(
        (s, i): uPlot.Series => ({
          label: s.label,
          scale: s.scale,
          stroke: s.color,
          width: 1.5,
          spanGaps: s.spanGaps ?? false,
          ...(s.dash && { dash: [6, 4] }),
          points: { show: s.points, size: 4, fill: s.color },
          ...(s.fill !== undefined && i === 0 && { fill: alpha(s.color, s.fill), fillTo: 0 }),
        }),
      ),
    ],
    bands: first.series.flatMap((s, i) =>
      s.fill !== undefined && i > 0 ? [{ series: [i + 1, i], fill: alpha(s.color, s.fill) }] : [],
    ),
    hooks,
  };
}

/** The shape of a spec: what a plot is built for, as opposed to the data it is given. */
const shapeOf = (spec: ChartSpec, zone: TimeZone) =>
  JSON.stringify([
    zone,
    spec.x?.label ?? null,
    spec.series.map((s) => [s.label, s.color, s.scale, s.points, s.fill, s.dash, s.spanGaps]),
    spec.axes.map((a) => [a.scale, a.min, a.max]),
    spec.cells?.rows ?? null,
  ]);

/**
 * Creates a chart in `body`: uPlot's canvas, and a tooltip (`chart-tooltip`) with the hovered
 * time and every shown series' value; in a crosshair group, the time hovered in any chart of the
 * group; a drag across it calls `onZoom`.
 */
export function createChart(body: HTMLElement, options: ChartOptions): Chart {
  let spec: ChartSpec | undefined;
  let plot: uPlot | undefined;
  let shape = "";
  let hidden: ReadonlySet<number> = new Set();
  const tooltip = element("div", "chart-tooltip");
  tooltip.style.visibility = "hidden";
  body.append(tooltip);

  const hideTip = () => {
    tooltip.style.visibility = "hidden";
  };
  // Where the plot area lies in the body, read once per draw or resize: reading it on every
  // pointer move would force a layout per chart of the group per move.
  let measured: { left: number; top: number; width: number; height: number } | undefined;
  const box = () => {
    if (!measured && plot) {
      const { offsetLeft, offsetTop, clientWidth, clientHeight } = plot.over;
      measured = { left: offsetLeft, top: offsetTop, width: clientWidth, height: clientHeight };
    }
    return measured ?? { left: 0, top: 0, width: 0, height: 0 };
  };
  let shown = "";
  const showTip = (self: uPlot, pointer: boolean) => {
    const index = self.cursor.idx;
    const time = index === null || index === undefined ? undefined : spec?.times[index];
    if (!spec || index === null || index === undefined || time === undefined) return hideTip();
    const key = `${index} ${[...hidden].join(",")}`;
    if (key !== shown) {
      shown = key;
      const rows = spec
        .tooltip(index)
        .filter((r) => r.series === undefined || !hidden.has(r.series));
      tooltip.replaceChildren(
        element(
          "div",
          "tooltip-time",
          spec.x ? spec.x.describe(time) : formatClock(time, options.timeZone()),
        ),
        ...rows.map((r) => {
          const line = element("div", "tooltip-row");
          if (r.color) {
            const swatch = element("span", "swatch");
            swatch.style.background = r.color;
            line.append(swatch);
          }
          line.append(`${r.name}: `, element("b", undefined, r.value));
          return line;
        }),
      );
    }
    // Beside the cursor, on the side with more room (no measuring of the tooltip itself).
    const area = box();
    const x = self.cursor.left ?? 0;
    const y = pointer ? (self.cursor.top ?? 0) : area.height / 2;
    tooltip.style.left = `${area.left + x}px`;
    tooltip.style.top = `${area.top + y}px`;
    const dx = x > area.width / 2 ? "calc(-100% - 12px)" : "12px";
    const dy = pointer ? (y > area.height / 2 ? "calc(-100% - 8px)" : "8px") : "-50%";
    tooltip.style.transform = `translate(${dx}, ${dy})`;
    tooltip.style.visibility = "visible";
  };

  let fromGroup = false;
  const seat = options.group?.join({
    show(time) {
      if (!plot) return;
      fromGroup = true;
      try {
        const left = time === undefined ? -10 : plot.valToPos(time, "x");
        if (left < 0 || left > box().width) {
          plot.setCursor({ left: -10, top: -10 }, false);
          hideTip();
          return;
        }
        plot.setCursor({ left, top: box().height / 2 }, false);
        showTip(plot, false);
      } finally {
        fromGroup = false;
      }
    },
  });

  const hooks: uPlot.Hooks.Arrays = {
    setCursor: [
      (self) => {
        if (fromGroup) return;
        const left = self.cursor.left ?? -1;
        if (left < 0) {
          hideTip();
          seat?.hover(undefined);
          return;
        }
        showTip(self, true);
        seat?.hover(self.posToVal(left, "x"));
      },
    ],
    setSelect: [
      (self) => {
        const { left, width } = self.select;
        if (width < 3) return;
        self.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        options.onZoom?.(
          Math.round(self.posToVal(left, "x")),
          Math.round(self.posToVal(left + width, "x")),
        );
      },
    ],
    drawAxes: [(self) => spec && paintMarks(self, spec, "under")],
    draw: [
      (self) => {
        if (spec) paintMarks(self, spec, "over");
        // The left axis' ends as drawn, for a script or test to turn pixels into values.
        const { min, max } = self.scales.left ?? {};
        if (min !== undefined && max !== undefined) body.dataset.yRange = `${min} ${max}`;
      },
    ],
  };

  const size = () => ({
    width: Math.max(50, body.clientWidth),
    height: Math.max(50, body.clientHeight),
  });
  const data = (s: ChartSpec) =>
    [s.times, ...s.series.map((x) => x.values)] as unknown as uPlot.AlignedData;
  const applyHidden = () => {
    const count = spec?.series.length ?? 0;
    for (let i = 0; i < count; i++) plot?.setSeries(i + 1, { show: !hidden.has(i) }, false);
  };

  return {
    draw(next) {
      spec = next;
      const nextShape = shapeOf(next, options.timeZone());
      shown = "";
      measured = undefined; // its axes may have grown or shrunk with the new labels
      if (plot && nextShape === shape) {
        plot.setData(data(next));
        return;
      }
      plot?.destroy();
      shape = nextShape;
      plot = new uPlot(
        plotOptions(() => spec ?? next, size(), options, hooks),
        data(next),
        body,
      );
      applyHidden();
    },
    setHidden(next) {
      hidden = next;
      applyHidden();
    },
    resize: () => {
      plot?.setSize(size());
      measured = undefined;
    },
    dispose: () => {
      seat?.leave();
      plot?.destroy();
      tooltip.remove();
    },
  };
}
