import { tableRows } from "../model/table-rows.js";
import { element, type PanelData, type PanelSlot, type PanelView } from "./panel-view.js";

/** Grafana's `table` of instant queries: labels as columns, a value column per query. */
export function createTableView(slot: PanelSlot): PanelView {
  return {
    update(data: PanelData) {
      const { columns, rows } = tableRows(slot.panel, data.tables);
      const table = element("table", "table");
      const head = element("tr");
      head.append(...columns.map((c) => element("th", undefined, c)));
      table.append(element("thead"), element("tbody"));
      table.tHead?.append(head);
      table.tBodies[0]?.append(
        ...rows.map((cells) => {
          const tr = element("tr");
          tr.append(...cells.map((c) => element("td", undefined, c)));
          return tr;
        }),
      );
      slot.body.replaceChildren(table);
      return rows.length > 0;
    },
    resize: () => {},
    dispose: () => slot.body.replaceChildren(),
  };
}
