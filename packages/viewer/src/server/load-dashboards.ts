import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dashboardProblems } from "../model/check-support.js";
import { type Dashboard, dashboardSchema } from "../model/dashboard-schema.js";

/** One JSON file of a dashboards folder: the dashboard, or why it is not one. */
export interface DashboardFile {
  readonly file: string;
  readonly dashboard?: Dashboard;
  readonly error?: string;
  /** What of the dashboard the viewer does not draw (variables, annotations, panels). */
  readonly problems: readonly string[];
}

function describeProblems(dashboard: Dashboard): string[] {
  const { dashboard: wide, panels } = dashboardProblems(dashboard);
  return [
    ...wide,
    ...Object.entries(panels).map(([title, list]) => `panel "${title}": ${list.join("; ")}`),
  ];
}

/** Reads and validates one dashboard file; a bad file is described, never thrown. */
export function readDashboardFile(dir: string, file: string): DashboardFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(dir, file), "utf8"));
  } catch (error) {
    return { file, error: `not JSON: ${(error as Error).message}`, problems: [] };
  }
  // A dashboard exported with "Export for sharing externally", or by the HTTP API, is wrapped.
  const unwrapped = (json as { dashboard?: unknown }).dashboard ?? json;
  const parsed = dashboardSchema.safeParse(unwrapped);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`);
    return {
      file,
      error: `not a Grafana dashboard: ${issues.slice(0, 3).join("; ")}`,
      problems: [],
    };
  }
  return { file, dashboard: parsed.data, problems: describeProblems(parsed.data) };
}

/**
 * Every `*.json` file of `dir`, sorted by name, read and validated. Read on each call, so a
 * dashboard saved into the folder shows on the next page load, as Grafana's file provider does.
 *
 * @throws Error naming `dir` when it cannot be read.
 */
export function loadDashboards(dir: string): DashboardFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  return files.map((file) => readDashboardFile(dir, file));
}
