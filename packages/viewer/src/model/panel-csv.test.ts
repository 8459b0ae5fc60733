import { describe, expect, it } from "vitest";
import { frameCsv, tableCsv } from "./panel-csv.js";

describe("frameCsv", () => {
  it("writes a Time column and one column per series, empty where a series has no sample", () => {
    const frame = {
      times: [Date.UTC(2026, 11, 6, 10, 0, 0), Date.UTC(2026, 11, 6, 10, 0, 5)],
      series: [
        { refId: "A", name: "worker-0 train", labels: {}, values: [0.5, 0.25] },
        { refId: "A", name: "worker-1 train", labels: {}, values: [null, 1e-7] },
      ],
    };
    expect(frameCsv(frame)).toBe(
      "Time,worker-0 train,worker-1 train\r\n" +
        "2026-12-06T10:00:00.000Z,0.5,\r\n" +
        "2026-12-06T10:00:05.000Z,0.25,1e-7\r\n",
    );
  });

  it("quotes a name holding a comma or a quote, as RFC 4180 does", () => {
    const frame = {
      times: [0],
      series: [{ refId: "A", name: 'loss{task="a,b"}', labels: {}, values: [1] }],
    };
    expect(frameCsv(frame).split("\r\n")[0]).toBe('Time,"loss{task=""a,b""}"');
  });

  it("writes only the header for a panel without data", () => {
    expect(frameCsv({ times: [], series: [] })).toBe("Time\r\n");
  });
});

describe("tableCsv", () => {
  it("writes the table's columns and rows as it shows them", () => {
    expect(tableCsv({ columns: ["task", "Value"], rows: [["worker-0", "1.5 s"]] })).toBe(
      "task,Value\r\nworker-0,1.5 s\r\n",
    );
  });
});
