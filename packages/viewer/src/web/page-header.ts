import { element } from "./panel-view.js";
import { closeDropdownsOutside } from "./render-controls.js";

/**
 * The header of a page other than a dashboard (Explore, Compare runs): the home link, the title
 * and a place for its controls, whose dropdowns close on a click outside.
 */
export function pageHeader(title: string): { header: HTMLElement; controls: HTMLElement } {
  const header = element("header", "dashboard-header");
  const home = element("a", "home", "trainwatch");
  home.href = "/";
  const controls = element("div", "controls");
  closeDropdownsOutside(controls);
  header.append(home, element("h1", "dashboard-title", title), controls);
  return { header, controls };
}
