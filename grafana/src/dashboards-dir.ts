import { fileURLToPath } from "node:url";

/** grafana/dashboards, where the generated dashboards are committed. */
export const dashboardsDir: string = fileURLToPath(new URL("../dashboards/", import.meta.url));
