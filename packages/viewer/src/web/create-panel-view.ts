import { createHeatmapView, createStateTimelineView } from "./cell-view.js";
import type { PanelSlot, PanelView } from "./panel-view.js";
import { createStatView } from "./stat-view.js";
import { createTableView } from "./table-view.js";
import { createTimeseriesView } from "./timeseries-view.js";

const factories: Readonly<Record<string, (slot: PanelSlot) => PanelView>> = {
  timeseries: createTimeseriesView,
  stat: createStatView,
  table: createTableView,
  heatmap: createHeatmapView,
  "state-timeline": createStateTimelineView,
};

/** The view of a supported panel type; the support check keeps others from getting here. */
export function createPanelView(slot: PanelSlot): PanelView {
  const factory = factories[slot.panel.type];
  if (!factory) throw new Error(`no view for panel type ${slot.panel.type}`);
  return factory(slot);
}
