export {
  dashboardProblems,
  panelProblems,
  supportedPanelTypes,
} from "./model/check-support.js";
export { type Dashboard, dashboardSchema } from "./model/dashboard-schema.js";
export { formatValue, supportedUnits } from "./model/format-unit.js";
export {
  createPrometheusProxy,
  prometheusTarget,
  readEndpoints,
} from "./server/create-prometheus-proxy.js";
export { createViewerApp, type ViewerAppOptions, webDir } from "./server/create-viewer-app.js";
export { type DashboardFile, loadDashboards, readDashboardFile } from "./server/load-dashboards.js";
export { isLoopback, startViewer, type ViewerOptions } from "./server/start-viewer.js";
