// The one module that touches ECharts: only the parts the panels draw are bundled.
import type { EChartsOption } from "echarts";
import { CustomChart, LineChart } from "echarts/charts";
import {
  AxisPointerComponent,
  DatasetComponent,
  GridComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
} from "echarts/components";
import { type EChartsType, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

use([
  LineChart,
  CustomChart,
  DatasetComponent,
  GridComponent,
  TooltipComponent,
  AxisPointerComponent,
  MarkLineComponent,
  MarkAreaComponent,
  CanvasRenderer,
]);

/** A chart in one element. */
export interface Chart {
  /**
   * Shows a new option: grid, x-axis and tooltip are updated in place; series, data and y-axes
   * replaced (so series that went away disappear).
   */
  set(option: EChartsOption): void;
  resize(): void;
  dispose(): void;
}

/** Charts that share their crosshair: a time hovered in one is shown in all. */
export interface CrosshairGroup {
  /** Adds a chart; returns how to take it out again. */
  add(chart: EChartsType): () => void;
}

/**
 * Creates a crosshair group (Grafana's `graphTooltip`): when the pointer moves over one chart,
 * every other chart of the group shows its tooltip at the same time, placed by that chart's own
 * time axis; when it leaves, they hide theirs.
 */
export function createCrosshairGroup(): CrosshairGroup {
  const charts = new Set<EChartsType>();
  let syncing = false;
  const others = (source: EChartsType, act: (chart: EChartsType) => void) => {
    if (syncing) return;
    syncing = true;
    try {
      for (const chart of charts) if (chart !== source && !chart.isDisposed()) act(chart);
    } finally {
      syncing = false;
    }
  };
  return {
    add(chart) {
      charts.add(chart);
      chart.on("updateAxisPointer", (event) => {
        const axes = (event as { axesInfo?: { axisDim: string; value: number }[] }).axesInfo;
        const time = axes?.find((a) => a.axisDim === "x")?.value;
        others(chart, (other) => {
          if (time === undefined) return other.dispatchAction({ type: "hideTip" });
          const x = other.convertToPixel({ xAxisIndex: 0 }, time) as number;
          other.dispatchAction({ type: "showTip", x, y: other.getHeight() / 2 });
        });
      });
      chart
        .getZr()
        .on("globalout", () => others(chart, (o) => o.dispatchAction({ type: "hideTip" })));
      return () => charts.delete(chart);
    },
  };
}

/**
 * Creates a chart in `element`; a chart in a crosshair group shows the time hovered in any
 * chart of the group.
 */
export function createChart(element: HTMLElement, group?: CrosshairGroup): Chart {
  const chart = init(element, undefined, { renderer: "canvas" });
  const leave = group?.add(chart);
  return {
    set: (option) => chart.setOption(option, { replaceMerge: ["series", "dataset", "yAxis"] }),
    resize: () => chart.resize(),
    dispose: () => {
      leave?.();
      chart.dispose();
    },
  };
}
