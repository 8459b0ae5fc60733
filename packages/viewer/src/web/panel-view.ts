import type { AlignedFrame } from "../model/align-series.js";
import type { AnnotationEvent } from "../model/annotation-events.js";
import type { Panel } from "../model/dashboard-schema.js";
import type { TableInput } from "../model/table-rows.js";
import type { TimeRange } from "../model/time-range.js";
import type { ChartOptions } from "./uplot-chart.js";

/** What one refresh of a panel fetched, already aligned: the input of every panel view. */
export interface PanelData {
  readonly range: TimeRange;
  readonly stepMs: number;
  /** The range queries' series on one time grid. */
  readonly frame: AlignedFrame;
  /** The instant queries' samples. */
  readonly tables: readonly TableInput[];
  /** Prometheus' errors, each prefixed with its query's refId. */
  readonly errors: readonly string[];
  readonly annotations: readonly AnnotationEvent[];
}

/** How a panel of one type draws into its body; one module per panel type. */
export interface PanelView {
  /** Draws the data; returns whether anything was drawn (false: "No data"). */
  update(data: PanelData): boolean;
  resize(): void;
  dispose(): void;
}

/** Where a view draws: the panel, its body and legend elements, and how its chart is placed. */
export interface PanelSlot {
  readonly panel: Panel;
  readonly root: HTMLElement;
  readonly body: HTMLElement;
  readonly legend: HTMLElement;
  /** The crosshair group (the dashboard's `graphTooltip`), time zone and zoom of its chart. */
  readonly charts: ChartOptions;
}

/** Which queries a panel runs as instant queries (tables, and targets marked instant-only). */
export const isInstantPanel = (panel: Panel): boolean => panel.type === "table";

/** Creates an element with a class and optional text. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
