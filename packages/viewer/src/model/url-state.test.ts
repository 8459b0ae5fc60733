import { describe, expect, it } from "vitest";
import { allToken } from "./interpolate-expr.js";
import { formatUrlState, parseUrlState } from "./url-state.js";

describe("parseUrlState", () => {
  it("reads Grafana's dashboard URL: variables (repeated for several, All), range, refresh", () => {
    const state = parseUrlState(
      "?var-job=mnist_mlp&var-task=All&var-gpu=0&var-gpu=1&from=now-30m&to=now&refresh=5s",
    );
    expect(state).toEqual({
      variables: { job: ["mnist_mlp"], task: [allToken], gpu: ["0", "1"] },
      from: "now-30m",
      to: "now",
      refresh: "5s",
      timezone: undefined,
    });
  });

  it("reads the time zone and the one panel viewed, and ignores a viewPanel that is no id", () => {
    expect(parseUrlState("?timezone=utc&viewPanel=7")).toMatchObject({
      timezone: "utc",
      viewPanel: 7,
    });
    expect(parseUrlState("?viewPanel=panel-7").viewPanel).toBeUndefined();
  });
});

describe("formatUrlState", () => {
  it("writes the same form back, All as Grafana writes it", () => {
    const search =
      "var-job=mnist_mlp&var-task=All&from=now-30m&to=now&refresh=5s&timezone=utc&viewPanel=3";
    expect(formatUrlState(parseUrlState(`?${search}`))).toBe(search);
  });
});
