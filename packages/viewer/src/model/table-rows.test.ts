import { describe, expect, it } from "vitest";
import { dashboardSchema } from "./dashboard-schema.js";
import { tableRows } from "./table-rows.js";

const panel = (overrides: unknown[] = []) =>
  dashboardSchema.parse({
    uid: "t",
    title: "t",
    panels: [
      {
        type: "table",
        gridPos: { x: 0, y: 0, w: 12, h: 8 },
        fieldConfig: { defaults: { unit: "none" }, overrides },
      },
    ],
  }).panels[0] as never;

describe("tableRows", () => {
  it("joins several queries' samples with the same labels into one row, a value column per query", () => {
    const data = tableRows(
      panel([
        {
          matcher: { id: "byName", options: "Value #A" },
          properties: [
            { id: "displayName", value: "Best accuracy" },
            { id: "unit", value: "percentunit" },
          ],
        },
      ]),
      [
        {
          refId: "A",
          samples: [
            { metric: { job: "j", task: "w0" }, value: [1, "0.91"] },
            { metric: { job: "j", task: "w1" }, value: [1, "0.95"] },
          ],
        },
        { refId: "B", samples: [{ metric: { job: "j", task: "w1" }, value: [1, "120"] }] },
      ],
    );
    expect(data.columns).toEqual(["job", "task", "Best accuracy", "Value #B"]);
    expect(data.rows).toEqual([
      ["j", "w0", "91%", ""],
      ["j", "w1", "95%", "120"],
    ]);
  });

  it("names a single query's column Value and leaves __name__ out", () => {
    const data = tableRows(panel(), [
      { refId: "A", samples: [{ metric: { __name__: "up", instance: "a" }, value: [1, "1"] }] },
    ]);
    expect(data).toEqual({ columns: ["instance", "Value"], rows: [["a", "1"]] });
  });

  it("shows only, in order and renamed, the columns an organize transformation includes", () => {
    const organized = dashboardSchema.parse({
      uid: "t",
      title: "t",
      panels: [
        {
          type: "table",
          gridPos: { x: 0, y: 0, w: 12, h: 8 },
          fieldConfig: { defaults: { unit: "none" }, overrides: [] },
          transformations: [
            {
              id: "organize",
              options: {
                includeByName: { task: true, run_id: true, state: true },
                excludeByName: { state: true },
                indexByName: { task: 0, run_id: 1 },
                renameByName: { run_id: "run" },
              },
            },
          ],
        },
      ],
    }).panels[0] as never;
    const data = tableRows(organized, [
      {
        refId: "A",
        samples: [
          { metric: { run_id: "r1", job: "j", task: "w0", state: "x" }, value: [1, "1"] },
          { metric: { run_id: "r2", job: "j", task: "w1", state: "y" }, value: [1, "1"] },
        ],
      },
    ]);
    expect(data).toEqual({
      columns: ["task", "run"],
      rows: [
        ["w0", "r1"],
        ["w1", "r2"],
      ],
    });
  });
});
