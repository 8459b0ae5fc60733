import type { Dashboard } from "../model/dashboard-schema.js";
import { showDashboardPage } from "./dashboard-page.js";
import { type DashboardListing, showListPage } from "./list-page.js";
import { element } from "./panel-view.js";
import { createPrometheusClient } from "./prometheus-client.js";
import "./style.css";

/** What `GET /api/dashboards/uid/<uid>` answers. */
interface DashboardResponse {
  readonly dashboard: Dashboard;
  readonly problems: readonly string[];
  readonly scrapeIntervalMs: number;
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function main(root: HTMLElement): Promise<void> {
  if (location.pathname === "/explore") {
    // The editor is a chunk of its own: the dashboards do not load it.
    const [{ showExplorePage }, settings] = await Promise.all([
      import("./explore-page.js"),
      getJson<{ scrapeIntervalMs: number }>("/api/settings"),
    ]);
    showExplorePage({ root, client: createPrometheusClient(), ...settings });
    return;
  }
  if (location.pathname === "/compare") {
    const [{ showComparePage }, settings] = await Promise.all([
      import("./compare-page.js"),
      getJson<{ scrapeIntervalMs: number }>("/api/settings"),
    ]);
    showComparePage({ root, client: createPrometheusClient(), ...settings });
    return;
  }
  const match = /^\/d\/([^/]+)/.exec(location.pathname);
  if (!match) {
    showListPage(root, await getJson<DashboardListing[]>("/api/dashboards"));
    return;
  }
  const uid = decodeURIComponent(match[1] as string);
  const { dashboard, problems, scrapeIntervalMs } = await getJson<DashboardResponse>(
    `/api/dashboards/uid/${encodeURIComponent(uid)}`,
  );
  await showDashboardPage({
    dashboard,
    dashboardProblems: problems,
    root,
    client: createPrometheusClient(),
    scrapeIntervalMs,
  });
}

const root = document.getElementById("app") as HTMLElement;
main(root).catch((error: unknown) => {
  root.replaceChildren(element("p", "problem", (error as Error).message));
});
