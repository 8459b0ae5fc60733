import { isSupportedPanelType, type SupportedPanelType } from "../model/check-support.js";
import { createHeatmapView, createStateTimelineView } from "./cell-view.js";
import type { PanelSlot, PanelView } from "./panel-view.js";
import { createStatView } from "./stat-view.js";
import { createTableView } from "./table-view.js";
import { createTimeseriesView } from "./timeseries-view.js";

/** One view per supported panel type: a type added to the support list fails to compile here until it has one. */
const factories: Readonly<Record<SupportedPanelType, (slot: PanelSlot) => PanelView>> = {
  timeseries: createTimeseriesView,
  stat: createStatView,
  table: createTableView,
  heatmap: createHeatmapView,
  "state-timeline": createStateTimelineView,
};

/** The view of a supported panel type; the support check keeps others from getting here. */
export function createPanelView(slot: PanelSlot): PanelView {
  const { type } = slot.panel;
  if (!isSupportedPanelType(type)) throw new Error(`no view for panel type ${type}`);
  return factories[type](slot);
}
