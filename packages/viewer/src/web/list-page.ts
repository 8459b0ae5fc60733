import { element } from "./panel-view.js";

/** One dashboard file of the served folder, as `GET /api/dashboards` lists it. */
export interface DashboardListing {
  readonly uid?: string;
  readonly title?: string;
  readonly tags?: readonly string[];
  readonly file: string;
  /** Why the file is not a dashboard the viewer can open, when it is not. */
  readonly error?: string;
}

/** The home page: every dashboard of the folder, linked at `/d/<uid>`, and the files that are not. */
export function showListPage(root: HTMLElement, listings: readonly DashboardListing[]): void {
  const list = element("ul", "dashboard-list");
  for (const d of listings) {
    const item = element("li");
    if (d.uid && !d.error) {
      const link = element("a", undefined, d.title ?? d.uid);
      link.href = `/d/${encodeURIComponent(d.uid)}`;
      item.append(
        link,
        element("span", "tags", (d.tags ?? []).join(" · ")),
        element("span", "file", d.file),
      );
    } else {
      item.append(element("span", "file", d.file), element("span", "problem", d.error ?? "no uid"));
    }
    list.append(item);
  }
  const header = element("header", "dashboard-header");
  const explore = element("a", "explore-link", "Explore");
  explore.href = "/explore";
  header.append(element("h1", "dashboard-title", "Dashboards"), explore);
  root.replaceChildren(
    header,
    listings.length > 0 ? list : element("p", "problem", "No dashboard JSON in the folder."),
  );
  document.title = "Dashboards · trainwatch";
}
