import { describe, expect, it } from "vitest";
import { annotationEvents } from "./annotation-events.js";

describe("annotationEvents", () => {
  it("makes a region of samples within one step and a moment of a lone one, in Grafana's colour", () => {
    const events = annotationEvents(
      { name: "Alerts", color: "red" },
      [
        {
          metric: {
            __name__: "ALERTS",
            alertname: "TrainingStalled",
            alertstate: "firing",
            task: "worker-1",
          },
          values: [
            [100, "1"],
            [102, "1"],
            [104, "1"],
            [200, "1"],
          ],
        },
      ],
      2000,
    );
    expect(events).toEqual([
      {
        start: 100_000,
        end: 104_000,
        color: "#F2495C",
        title: "Alerts",
        text: "alertname=TrainingStalled, task=worker-1",
      },
      {
        start: 200_000,
        end: 200_000,
        color: "#F2495C",
        title: "Alerts",
        text: "alertname=TrainingStalled, task=worker-1",
      },
    ]);
  });

  it("skips zero samples, as a comparison without a filter returns them", () => {
    expect(
      annotationEvents({ name: "Run", color: "blue" }, [{ metric: {}, values: [[1, "0"]] }], 1000),
    ).toEqual([]);
  });
});
