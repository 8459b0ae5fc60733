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
import { connect, init, use } from "echarts/core";
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

/**
 * Creates a chart in `element`; charts given the same `group` share their crosshair and
 * tooltip (Grafana's shared crosshair), none when `group` is undefined.
 */
export function createChart(element: HTMLElement, group?: string): Chart {
  const chart = init(element, undefined, { renderer: "canvas" });
  if (group) {
    chart.group = group;
    connect(group);
  }
  return {
    set: (option) => chart.setOption(option, { replaceMerge: ["series", "dataset", "yAxis"] }),
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
