export { dashboardsDir } from "./dashboards-dir.js";
export { prometheusDatasource } from "./datasource.js";
export { alertAnnotationExpr, type Query, queries, runMarkerExpr } from "./queries.js";
export { dashboards, renderDashboards } from "./render-dashboards.js";
